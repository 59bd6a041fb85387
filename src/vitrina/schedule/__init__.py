"""The build orchestrator, between validate and render: what each output depends on,
which outputs are already up to date (content hashes in output/.vitrina-cache.json), and
rendering the rest, in parallel worker processes when asked."""
