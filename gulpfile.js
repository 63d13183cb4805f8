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

// dist/ is emptied before each build, so files of earlier builds (renamed or deleted sources) never ship.
function clean(done) {
	require('node:fs').rmSync('dist', { recursive: true, force: true });
	done();
}
exports.clean = clean;
