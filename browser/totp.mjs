// RFC 6238 codes (30 s, 6 digits, HMAC-SHA-1) for the staff sign-in's
// second step, as an authenticator app computes them.
import { createHmac } from 'node:crypto';

function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) {
    const value = alphabet.indexOf(c);
    if (value < 0) throw new Error(`not base32: ${c}`);
    bits += value.toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/// The code of `secret` (base32) for the 30-second step `offset` steps from now.
export function totp(secret, offset = 0) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000) + offset));
  const mac = createHmac('sha1', base32(secret)).update(counter).digest();
  const at = mac[mac.length - 1] & 0x0f;
  const number = (mac.readUInt32BE(at) & 0x7fffffff) % 1000000;
  return String(number).padStart(6, '0');
}

/// Enters the current code on the staff sign-in's second step. A code
/// works once, and another test may have just signed the same person in
/// with it: when it is refused, the next 30-second code is waited for.
export async function enterCode(page, secret) {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    await page.fill('#code', totp(secret));
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    if (new URL(page.url()).pathname !== '/staff/login/code') return;
    await new Promise((resolve) => setTimeout(resolve, 30000 - (Date.now() % 30000) + 1000));
  }
}
