/**
 * whatsapp-web.js brings puppeteer, whose install would download a browser: this machine has no
 * internet for that. The browser comes from the system instead (CHROMIUM_PATH, Debian's chromium).
 */
module.exports = { skipDownload: true };
