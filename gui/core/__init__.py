"""The protocol and the domain: pure asyncio + httpx2, no Qt, testable without a display."""
