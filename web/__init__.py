"""The web app: the chat for job seekers, the knowledge-base view for counselors, the server."""
