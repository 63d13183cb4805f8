#!/usr/bin/env bash
# Debian tools the tests use besides npm packages: xmlsec1 verifies the package's XAdES signatures with a
# verifier independent of the one that made them, and openssl exports a PKCS#12 bundle with an EC key as keystores
# do; poppler-utils' pdftotext and pdftoppm read back the PDFs the package renders (text, and pages rasterised for
# the QR decoder). Installed once (as root, the CI case) when missing; otherwise says what to install.
set -euo pipefail
missing=()
command -v xmlsec1 >/dev/null 2>&1 || missing+=(xmlsec1)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
{ command -v pdftotext && command -v pdftoppm && command -v pdfinfo; } >/dev/null 2>&1 || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
	echo "Installing ${missing[*]} from Debian's packages for the tests…"
	apt-get update -qq >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
	exit 0
fi
if command -v sudo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
	sudo apt-get update -qq >/dev/null && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null && exit 0
fi
echo "The tests need ${missing[*]}: install them (Debian/Ubuntu: apt-get install ${missing[*]}) and run again." >&2
exit 1
