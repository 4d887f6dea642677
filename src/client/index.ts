// The HTTP client: RemoteClient, its options, and the pieces users may want on their own.
export { RemoteClient, type RemoteClientOptions, type PasswordClientOptions, type TokenClientOptions, type FetchFunction } from "./client.js";
export { quotePlus } from "./quote-plus.js";
export { type RetryOptions, SAFE_OPERATIONS } from "./retry.js";
export type { WaitOptions, WaitProgress } from "./wait.js";
