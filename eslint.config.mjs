// n8n's own lint configuration for community packages without n8n Cloud support (`@n8n/node-cli/eslint`'s
// configWithoutCloudSupport, what `n8n-node cloud-support disable` selects; package.json has "strict": false to
// match), run by `n8n-node lint`. The package targets self-hosted n8n, so Cloud's import and global allow-lists
// do not apply. Overrides, each for a stated reason:
// 1. no-runtime-dependencies off: undici, fast-xml-parser, xml-crypto, node-forge, @xmldom/xmldom, xmllint-wasm and
//    yauzl are real runtime dependencies (HTTP/2-capable pooled transport, safe XML, XAdES signing, PKCS#12, FA(3)
//    schema validation, ZIP reading); see README, "Lint".
// 2. src/ never imports n8n, so it cannot throw NodeApiError (require-node-api-error); nodes/shared turns its
//    KsefError into one.
// 3. test/ and scripts/ never ship and never run inside n8n: they print progress, run openssl and a real n8n, and
//    rethrow plain errors (no-console, no-dangerous-functions, require-node-api-error).
// 4. Unused arguments prefixed with _ are allowed (interface implementations that ignore a parameter).
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default [
	{ ignores: ['dist/**', 'node_modules/**', '.cache/**', '.tools/**', 'coverage/**', '**/*.js', '**/*.mjs', 'src/api/ksefApi.ts'] },
	...configWithoutCloudSupport,
	{
		files: ['**/*.ts', 'package.json'],
		rules: { '@n8n/community-nodes/no-runtime-dependencies': 'off' },
	},
	{
		files: ['**/*.ts'],
		rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }] },
	},
	{
		files: ['src/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts'],
		rules: { '@n8n/community-nodes/require-node-api-error': 'off' },
	},
	{
		files: ['test/**/*.ts', 'scripts/**/*.ts'],
		rules: { 'no-console': 'off', '@n8n/community-nodes/no-dangerous-functions': 'off' },
	},
];
