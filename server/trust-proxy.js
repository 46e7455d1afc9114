// Parses TRUST_PROXY into a value for Express's `trust proxy` setting, accepting
// exactly the forms Express documents (https://expressjs.com/en/guide/behind-proxies.html):
//   "true" / "false"           trust every proxy / none
//   "1", "2", …                trust that many hops from the server
//   "loopback", "linklocal", "uniquelocal", IPs and CIDR subnets, comma-separated
// Anything else throws, so a typo stops the server at start instead of silently
// trusting the wrong address (TRUST_PROXY=1 used to be read as the IP address "1").
import { isIP } from 'node:net'

const NAMES = new Set(['loopback', 'linklocal', 'uniquelocal'])

export class TrustProxyError extends Error {}

function validEntry(entry) {
  if (NAMES.has(entry)) return true
  const slash = entry.indexOf('/')
  const address = slash === -1 ? entry : entry.slice(0, slash)
  const family = isIP(address)
  if (family === 0) return false
  if (slash === -1) return true
  const prefix = entry.slice(slash + 1)
  if (!/^\d{1,3}$/.test(prefix)) {
    // Express also accepts a dotted netmask for IPv4 (10.0.0.0/255.0.0.0).
    return family === 4 && isIP(prefix) === 4
  }
  return Number(prefix) <= (family === 4 ? 32 : 128)
}

/** @param {string | undefined} raw @returns {boolean | number | string[] | undefined} */
export function parseTrustProxy(raw) {
  if (raw === undefined) return undefined
  const value = raw.trim()
  if (value === '') return undefined
  const lower = value.toLowerCase()
  if (lower === 'true') return true
  if (lower === 'false') return false
  if (/^\d+$/.test(value)) {
    const hops = Number(value)
    if (!Number.isSafeInteger(hops)) throw new TrustProxyError(`TRUST_PROXY=${raw}: the number of hops is too large.`)
    return hops
  }
  const entries = value.split(',').map((e) => e.trim())
  const bad = entries.filter((e) => !validEntry(e.toLowerCase()))
  if (bad.length) {
    throw new TrustProxyError(
      `TRUST_PROXY=${JSON.stringify(raw)} is not valid (${bad.map((b) => JSON.stringify(b)).join(', ')}). ` +
        'Use true, false, a number of hops (1), loopback, linklocal, uniquelocal, or comma-separated IP addresses/CIDR subnets.',
    )
  }
  return entries.map((e) => (NAMES.has(e.toLowerCase()) ? e.toLowerCase() : e))
}
