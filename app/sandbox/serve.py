"""`bolthid sandbox serve`: the sandbox shop as a long-running program."""

from __future__ import annotations

import signal
from pathlib import Path

from app.sandbox.server import SandboxServer
from app.sandbox.shop_state import ShopState


def serve(state_file: Path, port: int, api_key: str | None, products: int, orders: int, seed: int) -> None:
    """`bolthid sandbox serve`: load or create the state file and serve until Ctrl+C."""
    from app.sandbox.demo_data import generate

    if state_file.exists():
        state = ShopState.load(state_file)
    else:
        state = ShopState(generate(products=products, orders=orders, seed=seed), state_file)
        state.save()
    if api_key and api_key not in state.data.api_keys:
        state.data.api_keys.append(api_key)
    server = SandboxServer(state, port=port)

    def stop_on_sigterm(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop_on_sigterm)
    print(f"UNAS tesztbolt fut: {server.base_url}  (API kulcs: {', '.join(state.data.api_keys)})", flush=True)
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()
        state.save()
