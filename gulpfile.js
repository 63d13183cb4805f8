// Copies the non-TypeScript assets tsc leaves behind into dist/: node icons, codex JSON and the FA(3) XSDs.
const { src, dest, parallel } = require('gulp');

function copyIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}', 'icons/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

function copyCodex() {
	return src('nodes/**/*.node.json', { base: '.' }).pipe(dest('dist'));
}

function copySchemas() {
	return src('src/fa3/xsd/*.xsd', { base: '.', encoding: false }).pipe(dest('dist'));
}

exports.build = parallel(copyIcons, copyCodex, copySchemas);
exports.default = exports.build;
