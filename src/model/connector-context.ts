// The contexts Experiment and BaseClient share: declared here, below both (src/model must not import base-client.ts).

/** `{connector_name: {key: value}}`: the deployment, execution, cancellation or authentication context. */
export type ConnectorContext = Record<string, Record<string, string>>;
