// Headless Debian Chromium for the two drivers. playwright-core brings no browser of its own, and
// nothing here may reach the network, hence the switches.
const fs = require('fs');
const { chromium } = require('playwright-core');

exports.launch = () => chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});

// Keeps the page's console in a file for a look after a failure.
exports.logConsole = (page, file) => {
  page.on('console', (m) => fs.appendFileSync(file, `[${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => fs.appendFileSync(file, `[pageerror] ${e.message}\n`));
};

// The line run.sh adds up: "<passed> <failed>".
exports.writeCounts = (file, passed, failed) => fs.writeFileSync(file, `${passed} ${failed}\n`);
