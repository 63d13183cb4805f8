import { formatAmount } from './money';
import type { InvoiceTotals } from './totals';

/** Totals as JSON: amounts as exact decimal strings ("383.33"), the way Download gives amounts. */
export interface TotalsJson {
	currency: string;
	net: string;
	vat: string;
	gross: string;
	byVatRate: Array<{ vatRate: string; netField: string; net: string; vat?: string; vatPln?: string }>;
}

export function totalsJson(totals: InvoiceTotals, currency: string): TotalsJson {
	return {
		currency,
		net: formatAmount(totals.net),
		vat: formatAmount(totals.vat),
		gross: formatAmount(totals.gross),
		byVatRate: totals.rates.map((rate) => ({
			vatRate: rate.rate.code ?? 'margin',
			netField: rate.rate.netField,
			net: formatAmount(rate.net),
			...(rate.vat ? { vat: formatAmount(rate.vat) } : {}),
			...(rate.vatPln ? { vatPln: formatAmount(rate.vatPln) } : {}),
		})),
	};
}
