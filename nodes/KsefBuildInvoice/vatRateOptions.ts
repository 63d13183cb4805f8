import type { INodePropertyOptions } from 'n8n-workflow';

/** The FA(3) VAT rates (P_12) as dropdown options. */
export const vatRateOptions: INodePropertyOptions[] = [
	{ name: '0 % Domestic (0 KR)', value: '0 KR' },
	{ name: '0 % Export (0 EX)', value: '0 EX' },
	{ name: '0 % Intra-EU Supply (0 WDT)', value: '0 WDT' },
	{ name: '22 % (Former Basic)', value: '22' },
	{ name: '23 % (Basic)', value: '23' },
	{ name: '3 % (Former Taxi Flat Rate)', value: '3' },
	{ name: '4 % (Taxi Flat Rate)', value: '4' },
	{ name: '5 %', value: '5' },
	{ name: '7 % (Former Reduced)', value: '7' },
	{ name: '8 %', value: '8' },
	{ name: 'Domestic Reverse Charge (Oo)', value: 'oo' },
	{ name: 'EU Services, Buyer Settles VAT (Np II)', value: 'np II' },
	{ name: 'Exempt (Zw)', value: 'zw' },
	{ name: 'Margin Scheme (No VAT Shown)', value: 'margin' },
	{ name: 'Outside Poland (Np I)', value: 'np I' },
];
