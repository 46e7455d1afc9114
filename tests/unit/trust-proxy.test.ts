import { describe, expect, test } from 'vitest'
import { parseTrustProxy } from '../../server/trust-proxy.js'

describe('TRUST_PROXY is parsed as Express documents it', () => {
  test.each([
    [undefined, undefined],
    ['', undefined],
    ['1', 1],
    ['2', 2],
    ['0', 0],
    ['true', true],
    ['TRUE', true],
    ['false', false],
    ['loopback', ['loopback']],
    ['loopback, linklocal, uniquelocal', ['loopback', 'linklocal', 'uniquelocal']],
    ['10.0.0.1', ['10.0.0.1']],
    ['10.0.0.0/8,192.168.1.0/24', ['10.0.0.0/8', '192.168.1.0/24']],
    ['10.0.0.0/255.0.0.0', ['10.0.0.0/255.0.0.0']],
    ['::1', ['::1']],
    ['fd00::/8, loopback', ['fd00::/8', 'loopback']],
  ])('%j → %j', (raw, expected) => {
    expect(parseTrustProxy(raw)).toEqual(expected)
  })

  test.each(['yes', 'on', '1.5', '-1', '1.2.3', '10.0.0.0/33', '::1/129', 'loopback,,10.0.0.1', 'localhost', '10.0.0.0/abc', '99999999999999999999'])(
    '%j is a startup error with a clear message',
    (raw) => {
      expect(() => parseTrustProxy(raw)).toThrow(/TRUST_PROXY/)
    },
  )
})
