import { accessSync, constants, statSync } from 'node:fs';
import { WhatsAppChannelError } from './WhatsAppChannelError.js';

/**
 * Before anything starts: is there a browser at CHROMIUM_PATH? npm install never downloads one
 * (.puppeteerrc.cjs), so on a fresh machine the fix is one package, and the message names it.
 */
export function checkChromium(path: string): void {
  try {
    if (!statSync(path).isFile()) throw new Error('not a file');
    accessSync(path, constants.X_OK);
  } catch {
    throw new WhatsAppChannelError(`CHROMIUM_PATH: no browser at ${path}. Install Debian's package: apt-get install chromium`);
  }
}
