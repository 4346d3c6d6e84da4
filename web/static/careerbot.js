/* careerbot's page script: citations that open their passage, one announcement per answer,
   names for the icon buttons Gradio leaves unnamed, a readable message on a locked login.
   Served from our own route (no inline script, no eval: the page's CSP allows neither).
   Everything taken from the server is put in place as text (textContent), never as markup. */
(() => {
  "use strict";

  // -- names ------------------------------------------------------------------------------
  // The chat's sanitizer keeps a link's title but drops aria-*: the title becomes its name.
  const ICON_NAMES = [
    [".icon-button-wrapper .icon-button", "Chat action"],
    ["button.scroll-down-arrow, .scroll-down-button-container button", "Scroll to the latest message"],
  ];

  function hasName(el) {
    return Boolean(
      (el.getAttribute("aria-label") || "").trim() ||
        (el.getAttribute("aria-labelledby") || "").trim() ||
        (el.getAttribute("title") || "").trim() ||
        (el.textContent || "").trim(),
    );
  }

  function nameThings(root) {
    for (const a of root.querySelectorAll("a.cite")) {
      if (a.title && a.getAttribute("aria-label") !== a.title) a.setAttribute("aria-label", a.title);
      if (a.hasAttribute("target")) a.removeAttribute("target"); // the panel opens in place
    }
    for (const [selector, name] of ICON_NAMES) {
      for (const b of root.querySelectorAll(selector)) {
        if (!hasName(b)) b.setAttribute("aria-label", name);
      }
    }
    // Gradio labels an empty file box with aria-label on a plain div, which has no role to
    // carry a name: give it one.
    for (const box of root.querySelectorAll(".empty[aria-label]:not([role])")) {
      box.setAttribute("role", "img");
    }
    // The conversation is announced by our own region once an answer is complete; Gradio's
    // log would read out every change (the pending dots, each step of a streamed reply).
    for (const log of root.querySelectorAll("#chat [role='log']")) {
      if (log.getAttribute("aria-live") !== "off") log.setAttribute("aria-live", "off");
    }
  }

  // -- the announcement -------------------------------------------------------------------
  let lastTurn = null;
  let region = null;

  function liveRegion() {
    if (!region) {
      region = document.createElement("div");
      region.id = "answer-status";
      region.className = "sr-only";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      region.setAttribute("aria-atomic", "true");
      document.body.appendChild(region);
    }
    return region;
  }

  function announce() {
    const source = document.querySelector("#announce");
    const turn = source && source.querySelector(".turn");
    if (!turn) return;
    const id = turn.textContent;
    if (id === lastTurn) return;
    const first = lastTurn === null;
    lastTurn = id;
    if (first && !id) return;
    const text = source.querySelector(".text");
    liveRegion().textContent = text ? text.textContent : "";
  }

  // -- the source viewer ------------------------------------------------------------------
  let viewer = null;
  let opener = null;

  function el(tag, props = {}, children = []) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) node.appendChild(child);
    return node;
  }

  function buildViewer() {
    const close = el("button", { type: "button", class: "sv-close", text: "← Back to the answer" });
    close.addEventListener("click", () => viewer.close());
    const inner = el("div", { class: "sv-inner" }, [
      el("div", { class: "sv-bar" }, [close]),
      el("p", { class: "sv-kicker", id: "source-kicker" }),
      el("h2", { class: "sv-title", id: "source-title" }),
      el("dl", { class: "sv-meta" }, [
        el("dt", { text: "Section" }),
        el("dd", { class: "sv-section" }),
        el("dt", { text: "File" }),
        el("dd", { class: "sv-file" }),
      ]),
      el("p", { class: "sv-note", role: "status" }),
      el("div", { class: "sv-text", tabindex: "0", role: "region", "aria-label": "Passage" }),
    ]);
    viewer = el("dialog", {
      id: "source-viewer",
      "aria-labelledby": "source-title",
      "aria-describedby": "source-kicker",
    }, [inner]);
    viewer.addEventListener("click", (event) => {
      if (event.target === viewer) viewer.close(); // a click on the backdrop
    });
    viewer.addEventListener("close", () => {
      let back = opener;
      if (back && !back.isConnected) {
        // the conversation was drawn again: the same citation, by its link
        back = [...document.querySelectorAll("a.cite")].find((a) => a.href === opener.href);
      }
      if (back) back.focus();
      opener = null;
    });
    document.body.appendChild(viewer);
    return viewer;
  }

  function part(selector) {
    return viewer.querySelector(selector);
  }

  function showPassage(data) {
    part(".sv-title").textContent = data.title;
    part(".sv-section").textContent = data.section;
    part(".sv-file").textContent = data.file_name;
    part(".sv-note").textContent = data.found
      ? ""
      : "The quoted words are no longer in this section: the document changed since the answer.";
    const text = part(".sv-text");
    text.replaceChildren();
    let mark = null;
    for (const piece of data.parts) {
      if (piece.mark) {
        mark = el("mark", { text: piece.text });
        text.appendChild(mark);
      } else {
        text.appendChild(document.createTextNode(piece.text));
      }
    }
    if (mark) mark.scrollIntoView({ block: "center" });
  }

  function showProblem(message) {
    for (const selector of [".sv-title", ".sv-section", ".sv-file"]) part(selector).textContent = "";
    part(".sv-title").textContent = "Source not available";
    part(".sv-text").replaceChildren();
    part(".sv-note").textContent = message;
  }

  async function openSource(link) {
    if (!viewer) buildViewer();
    opener = link;
    const label = link.getAttribute("title") || link.textContent;
    part(".sv-kicker").textContent = label.split(":")[0];
    part(".sv-title").textContent = "Loading the passage…";
    part(".sv-note").textContent = "";
    part(".sv-text").replaceChildren();
    if (!viewer.open) viewer.showModal();
    const url = new URL(link.getAttribute("href"), document.baseURI);
    url.pathname = url.pathname.replace(/source$/, "source.json");
    try {
      const response = await fetch(url, { headers: { accept: "application/json" } });
      const data = await response.json();
      if (response.ok) showPassage(data);
      else showProblem(data.detail || "This passage could not be found.");
    } catch (error) {
      showProblem("The passage could not be loaded; check the connection and try again.");
    }
  }

  document.addEventListener(
    "click",
    (event) => {
      const link = event.target instanceof Element ? event.target.closest("a.cite") : null;
      if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      event.stopPropagation();
      openSource(link);
    },
    true,
  );

  // -- the thumbs-down question -----------------------------------------------------------
  let reasonShown = false;

  function focusReason() {
    const panel = document.querySelector("#reason-panel");
    const shown = Boolean(panel && panel.offsetParent !== null);
    if (shown && !reasonShown) {
      const first = panel.querySelector("input, textarea, button");
      if (first) first.focus();
    }
    reasonShown = shown;
  }

  // -- a locked /admin login --------------------------------------------------------------
  // Gradio's login form says nothing for a status other than 400: say why and for how long.
  if (/\/admin(\/|$)/.test(location.pathname) && window.fetch) {
    const realFetch = window.fetch.bind(window);
    window.fetch = async (input, init) => {
      const response = await realFetch(input, init);
      const target = new URL(typeof input === "string" ? input : input.url, location.href);
      if (response.status === 429 && /\/login\/?$/.test(target.pathname)) {
        response
          .clone()
          .json()
          .then((data) => loginNotice(data.detail))
          .catch(() => loginNotice("Too many wrong passwords; try again later."));
      }
      return response;
    };
  }

  function loginNotice(message) {
    let notice = document.querySelector("#login-notice");
    if (!notice) {
      const form = document.querySelector("form") || document.querySelector(".gradio-container");
      if (!form) return;
      notice = el("p", { id: "login-notice", role: "alert" });
      form.parentNode.insertBefore(notice, form);
    }
    notice.textContent = message;
  }

  // -- keep it up as Gradio draws -----------------------------------------------------------
  let scheduled = false;
  function update() {
    scheduled = false;
    nameThings(document);
    announce();
    focusReason();
  }

  function start() {
    liveRegion();
    update();
    new MutationObserver(() => {
      if (!scheduled) {
        scheduled = true;
        requestAnimationFrame(update);
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
