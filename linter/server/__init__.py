"""`xxgk-lint serve`: the checker as a web page and an HTTP API (Starlette + uvicorn).

The optional extra `xxgk-lint[serve]` installs the stack; `app.create_app` builds the ASGI app.
"""
