// n8n's community-node lint rules, assembled as `@n8n/node-cli`'s eslint config does (the CLI itself needs
// Node 24 to install). Code that runs inside n8n (nodes/, credentials/, package.json) gets the full rule set,
// n8n Cloud rules included, with one rule off: no-runtime-dependencies. This package targets self-hosted n8n and
// ships undici, archiver, fast-xml-parser and xmllint-wasm as real dependencies (see README, "Lint").
// src/ (the KSeF client) and test/ use Node built-ins and timers by design, so they get n8n's
// configuration for packages without n8n Cloud support.
import js from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

const cloud = n8nCommunityNodesPlugin.configs.recommended;
const selfHosted = n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport;
const runtimeDependenciesAllowed = { '@n8n/community-nodes/no-runtime-dependencies': 'off' };

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', '.cache/**', '.tools/**', 'coverage/**', '**/*.js', '**/*.mjs', 'src/api/ksefApi.ts'] },
	{
		files: ['**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended],
		rules: {
			'prefer-spread': 'off',
			'no-console': 'error',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
		},
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		extends: [cloud],
		rules: runtimeDependenciesAllowed,
	},
	{
		files: ['src/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts'],
		extends: [selfHosted],
		rules: {
			...runtimeDependenciesAllowed,
			// src/ never imports n8n, so it cannot throw NodeApiError; nodes/shared turns KsefError into one.
			'@n8n/community-nodes/require-node-api-error': 'off',
		},
	},
	{
		files: ['test/**/*.ts', 'scripts/**/*.ts'],
		// Tests and scripts never ship: they run openssl (independent crypto vectors) and a real n8n.
		rules: { 'no-console': 'off', '@n8n/community-nodes/no-dangerous-functions': 'off' },
	},
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{
		files: ['package.json'],
		extends: [cloud],
		rules: {
			...n8nNodesBase.configs.community.rules,
			...runtimeDependenciesAllowed,
		},
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
);
