"""Source adapters: where outside systems' data (the zaaksysteem now; BRP and KVK next)
enters the register. Each adapter turns the source's records into calls of the domain apps'
services, so it sits above contacts and cases and is used only by the layers above it."""
