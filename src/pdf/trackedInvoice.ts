import type { InvoiceJson, InvoiceJsonValue } from '../invoices/parseInvoice';

/**
 * Read access to a parsed invoice that remembers which values were shown. What no section showed is listed at the
 * end of the PDF ("other data"), so an element the layout does not know (or a future schema adds) is never lost.
 */
export class TrackedInvoice {
	private readonly shown = new WeakMap<object, Set<string>>();

	constructor(readonly root: InvoiceJson) {}

	/** The text of `node[key]` (an element's text, or its `#text` when it has attributes), marked as shown. */
	text(node: InvoiceJson | undefined, key: string): string | undefined {
		if (!node) return undefined;
		const value = node[key];
		if (value === undefined) return undefined;
		this.mark(node, key);
		if (typeof value === 'string') return value;
		if (!Array.isArray(value) && typeof value['#text'] === 'string') return value['#text'];
		return undefined;
	}

	/** A child element (the first one, if repeated), not marked: its values are marked as they are read. */
	child(node: InvoiceJson | undefined, key: string): InvoiceJson | undefined {
		const value = node?.[key];
		if (value === undefined || typeof value === 'string') return undefined;
		return Array.isArray(value) ? (value.find((entry) => typeof entry !== 'string') as InvoiceJson | undefined) : value;
	}

	/** All occurrences of a child element. */
	children(node: InvoiceJson | undefined, key: string): InvoiceJson[] {
		const value = node?.[key];
		if (value === undefined || typeof value === 'string') return [];
		return (Array.isArray(value) ? value : [value]).filter((entry): entry is InvoiceJson => typeof entry !== 'string');
	}

	/** All texts of a repeatable simple element (e.g. WZ, NrPartiiTowaru), marked as shown. */
	texts(node: InvoiceJson | undefined, key: string): string[] {
		const value = node?.[key];
		if (value === undefined || !node) return [];
		this.mark(node, key);
		return (Array.isArray(value) ? value : [value]).filter((entry): entry is string => typeof entry === 'string');
	}

	/** Marks a whole subtree as shown (e.g. the header's technical fields, which a reader does not need). */
	consume(node: InvoiceJson | undefined, key: string): void {
		if (node && node[key] !== undefined) this.mark(node, key);
	}

	/** Every value no section showed, as a path of element names and the text. */
	unshown(): Array<{ path: string[]; value: string }> {
		const found: Array<{ path: string[]; value: string }> = [];
		const walk = (node: InvoiceJson, path: string[]) => {
			const shown = this.shown.get(node);
			for (const [key, value] of Object.entries(node)) {
				if (key.startsWith('@') || shown?.has(key)) continue;
				const name = key === '#text' ? [] : [key];
				for (const entry of Array.isArray(value) ? value : [value]) visit(entry, [...path, ...name]);
			}
		};
		const visit = (value: InvoiceJsonValue, path: string[]) => {
			if (typeof value === 'string') {
				if (value !== '') found.push({ path, value });
			} else if (!Array.isArray(value)) walk(value, path);
		};
		walk(this.root, []);
		return found;
	}

	private mark(node: object, key: string): void {
		let keys = this.shown.get(node);
		if (!keys) this.shown.set(node, (keys = new Set()));
		keys.add(key);
	}
}
