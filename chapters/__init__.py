"""Build Your Own FastAPI: one package per chapter, each layer built on the one below."""
