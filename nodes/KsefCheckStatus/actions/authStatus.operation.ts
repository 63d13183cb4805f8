import type { CheckStatusOperation } from './types';

export const authStatus: CheckStatusOperation = {
	description: [],

	async execute(_ctx, client) {
		const list = await client.listAuthenticationSessions();
		const current = list.items.find((item) => item.isCurrent);
		return [
			{
				json: {
					authenticated: true,
					baseUrl: client.baseUrl,
					currentSession: current ? { ...current } : null,
					activeSessions: list.items.length,
				},
			},
		];
	},
};
