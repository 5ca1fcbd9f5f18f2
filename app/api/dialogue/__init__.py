"""/v1/threads/{id}/exchanges and /conversations: the dialogue behind a thread's score."""
