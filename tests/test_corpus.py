"""The synthetic corpus for benchmarks: deterministic, marked, never in kb/."""

from benchmarks.corpus import MARK, generate, main


def test_same_seed_same_documents(tmp_path):
    a = generate(tmp_path / "a", 5, seed=3)
    b = generate(tmp_path / "b", 5, seed=3)
    c = generate(tmp_path / "c", 5, seed=4)
    assert [p.read_text() for p in a] == [p.read_text() for p in b]
    assert [p.read_text() for p in a] != [p.read_text() for p in c]


def test_every_document_says_it_is_synthetic(tmp_path):
    for path in generate(tmp_path, 3):
        assert MARK in path.read_text()
        assert "synthetic" in path.with_name(path.stem + ".meta.yaml").read_text()


def test_refuses_to_write_into_kb(tmp_path, capsys):
    assert main([str(tmp_path / "kb"), "--count", "1"]) == 2
    assert not (tmp_path / "kb").exists()
