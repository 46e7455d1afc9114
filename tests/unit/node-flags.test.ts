import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'

// The V8 memory flags are part of how the server holds its memory budget (issue 16): the
// systemd unit and the demo must start Node exactly as `npm start` does (the bench measures that).
const flagsOf = (command: string) => /node ((?:--\S+ )*)server\/index\.js/.exec(command)?.[1].trim()

test('the systemd unit and the demo start the server with the same Node flags as npm start', () => {
  const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts as Record<string, string>
  const start = flagsOf(scripts.start)
  expect(start).toContain('--max-old-space-size=')
  expect(flagsOf(scripts.demo)).toBe(start)
  const unit = readFileSync('scripts/aula.service', 'utf8')
  expect(flagsOf(/^ExecStart=(.*)$/m.exec(unit)![1])).toBe(start)
})
