"""arxiv."""
