// The HTTP client: RemoteClient, its options, and the pieces users may want on their own.
export { RemoteClient } from "./client.js";
export type { RemoteClientOptions, PasswordClientOptions, TokenClientOptions, FetchFunction } from "./transport.js";
export { quotePlus } from "./quote-plus.js";
export { type RetryOptions, SAFE_OPERATIONS } from "./retry.js";
export type { WaitOptions, WaitProgress } from "./wait.js";
