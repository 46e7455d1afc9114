import { describe, expect, test } from 'vitest'
import { parseUrlEncoded, readFormData } from '#app/utils/form-data.server.ts'

const bytes = (s: string) => new TextEncoder().encode(s)
const post = (body: BodyInit, type?: string) =>
  new Request('http://localhost/ingresar', { method: 'POST', body, headers: type ? { 'Content-Type': type } : {} })

async function statusOf(promise: Promise<unknown>) {
  try {
    await promise
    return 200
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status
    throw thrown
  }
}

describe('form bodies are parsed strictly; anything malformed is a 400', () => {
  test('URL-encoded: values, +, repeated names, UTF-8', async () => {
    const form = await readFormData(post('a=1&b=uno+dos&c=Mar%C3%ADa&c=2&empty=&flag', 'application/x-www-form-urlencoded; charset=UTF-8'))
    expect(form.get('a')).toBe('1')
    expect(form.get('b')).toBe('uno dos')
    expect(form.getAll('c')).toEqual(['María', '2'])
    expect(form.get('empty')).toBe('')
    expect(form.get('flag')).toBe('')
  })

  test('multipart with a file', async () => {
    const body = new FormData()
    body.append('intent', 'import')
    body.append('file', new File(['a,b\n'], 'p.csv', { type: 'text/csv' }))
    const form = await readFormData(new Request('http://localhost/x', { method: 'POST', body }))
    expect(form.get('intent')).toBe('import')
    expect(form.get('file')).toBeInstanceOf(File)
  })

  test.each([
    ['JSON', '{"identifier":"a"}', 'application/json'],
    ['text/plain', 'identifier=a', 'text/plain'],
    ['no content type', 'identifier=a', undefined],
    ['broken multipart', 'garbage', 'multipart/form-data; boundary=xyz'],
    ['multipart without boundary', 'garbage', 'multipart/form-data'],
  ])('%s → 400', async (_what, body, type) => {
    expect(await statusOf(readFormData(post(body, type)))).toBe(400)
  })

  test.each([
    ['percent not followed by two hex digits', 'a=%zz'],
    ['truncated percent', 'a=%4'],
    ['percent-encoded bytes that are not UTF-8', 'a=%C3%28'],
    ['lone surrogate bytes', 'a=%ED%A0%80'],
  ])('URL-encoded %s → 400', async (_what, body) => {
    expect(await statusOf(readFormData(post(body, 'application/x-www-form-urlencoded')))).toBe(400)
  })

  test('raw bytes that are not UTF-8 → 400', async () => {
    expect(await statusOf(readFormData(post(new Uint8Array([0x61, 0x3d, 0xff]), 'application/x-www-form-urlencoded')))).toBe(400)
  })

  test('parsing is linear: 60 000 repeated fields parse in well under a second', () => {
    const body = bytes(Array.from({ length: 60_000 }, () => 'answer=a').join('&'))
    const start = performance.now()
    const form = parseUrlEncoded(body)
    expect(form?.getAll('answer')).toHaveLength(60_000)
    expect(performance.now() - start).toBeLessThan(1000)
  })
})
