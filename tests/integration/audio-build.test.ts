import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { AudioManifest } from '#app/content/audio.server.ts'
import type { CompiledContent } from '#app/content/types.ts'
import { clipHash, lessonSections } from '../../scripts/build-audio.ts'

// The real pipeline (espeak-ng, ffmpeg, ffprobe; nothing mocked) on the fixture course compiled by
// tests/setup/global-setup.ts, writing clips to a temporary folder instead of public/audio.

mkdirSync('tests/.tmp', { recursive: true })
const dir = resolve(mkdtempSync('tests/.tmp/audio-build-'))
const contentDir = join(dir, 'content')
const audioDir = join(dir, 'audio')
const contentFile = join(contentDir, 'content.json')

function buildAudio(env: NodeJS.ProcessEnv = process.env) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-audio.ts', '--content-build-dir', contentDir, '--out-audio', audioDir], {
    encoding: 'utf8',
    env,
  })
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, generated: Number(/(\d+) generadas/.exec(run.stdout)?.[1] ?? NaN) }
}

const readManifest = () => JSON.parse(readFileSync(join(contentDir, 'audio.json'), 'utf8')) as AudioManifest
const readContent = () => JSON.parse(readFileSync(contentFile, 'utf8')) as CompiledContent
const lessonsOf = (content: CompiledContent) => content.courses.flatMap((c) => c.lessons)
const words = (text: string) => text.split(/\s+/).filter((w) => /[a-záéíóúüñ]/i.test(w)).length

function probeSeconds(file: string) {
  const run = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name,channels', '-of', 'json', file], { encoding: 'utf8' })
  expect(run.status, run.stderr).toBe(0)
  const probe = JSON.parse(run.stdout) as { format: { duration: string }; streams: { codec_name: string; channels: number }[] }
  return { seconds: Number(probe.format.duration), codec: probe.streams[0].codec_name, channels: probe.streams[0].channels }
}

beforeAll(() => {
  mkdirSync(contentDir, { recursive: true })
  // The fixture lessons have one section each; give the first a second one, so one section can change alone.
  const content = JSON.parse(readFileSync('tests/.tmp/content-fixture/content.json', 'utf8')) as CompiledContent
  const first = content.courses[0].lessons[0]
  first.html = first.html.replace(
    '<h2 id="fuentes">',
    '<h2 id="otra-seccion">Los gases de la mina</h2>\n<p>El metano no tiene olor ni color. Por eso se mide con un detector antes de entrar.</p>\n<h2 id="fuentes">',
  )
  writeFileSync(contentFile, JSON.stringify(content))
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('build:audio with espeak-ng and ffmpeg', () => {
  test('makes one WebM and one MP3 clip per lesson section, with a duration that fits its words', () => {
    const run = buildAudio()
    expect(run.status, run.stderr).toBe(0)
    const manifest = readManifest()
    expect(manifest.version).toBe(1)
    expect(manifest.voice).toBe('es-419')

    const lessons = lessonsOf(readContent())
    expect(Object.keys(manifest.lessons).sort()).toEqual(lessons.map((l) => l.id).sort())
    let sections = 0
    for (const lesson of lessons) {
      const spoken = lessonSections(lesson.title, lesson.html)
      const clips = manifest.lessons[lesson.id]
      expect(clips.map((c) => c.title)).toEqual(spoken.map((s) => s.title))
      for (const [i, clip] of clips.entries()) {
        const hash = clipHash(spoken[i].text)
        expect(clip).toEqual({
          title: spoken[i].title,
          webm: `/audio/${hash}.webm`,
          mp3: `/audio/${hash}.mp3`,
          seconds: expect.any(Number),
          bytes: { webm: statSync(join(audioDir, `${hash}.webm`)).size, mp3: statSync(join(audioDir, `${hash}.mp3`)).size },
        })
        const n = words(spoken[i].text)
        const webm = probeSeconds(join(audioDir, `${hash}.webm`))
        const mp3 = probeSeconds(join(audioDir, `${hash}.mp3`))
        expect(webm).toMatchObject({ codec: 'opus', channels: 1 })
        expect(mp3).toMatchObject({ codec: 'mp3', channels: 1 })
        // Speech at 145 words a minute is about 2.4 words a second; allow 1 to 4.
        for (const probed of [webm, mp3]) {
          expect(probed.seconds).toBeGreaterThan(n / 4)
          expect(probed.seconds).toBeLessThan(n / 1)
        }
        expect(Math.abs(clip.seconds - webm.seconds)).toBeLessThan(0.05)
        sections++
      }
    }
    expect(sections).toBe(lessons.length + 1)
    expect(run.generated).toBe(sections)
    expect(readdirSync(audioDir).sort()).toHaveLength(sections * 2)
    expect(run.stdout.trim().split('\n')).toHaveLength(1)
  }, 120_000)

  test('a second run synthesises nothing: every clip comes from the cache', () => {
    const before = readdirSync(audioDir).map((name) => [name, statSync(join(audioDir, name)).mtimeMs])
    const manifest = readManifest()
    const run = buildAudio()
    expect(run.status, run.stderr).toBe(0)
    expect(run.generated).toBe(0)
    expect(run.stdout).toMatch(/\d+ en caché/)
    expect(readdirSync(audioDir).map((name) => [name, statSync(join(audioDir, name)).mtimeMs])).toEqual(before)
    expect(readManifest()).toEqual(manifest)
  }, 60_000)

  test('changing the text of one section re-synthesises that clip only and removes the one it replaces', () => {
    const content = readContent()
    const lesson = content.courses[0].lessons[0]
    lesson.html = lesson.html.replace('El metano no tiene olor ni color.', 'El metano es un gas sin olor ni color.')
    writeFileSync(contentFile, JSON.stringify(content))
    const old = readManifest()
    const mtimes = new Map(readdirSync(audioDir).map((name) => [name, statSync(join(audioDir, name)).mtimeMs]))

    const run = buildAudio()
    expect(run.status, run.stderr).toBe(0)
    expect(run.generated).toBe(1)
    const manifest = readManifest()
    const changed = Object.entries(manifest.lessons).flatMap(([id, clips]) =>
      clips.filter((c, i) => c.webm !== old.lessons[id][i].webm).map((c) => [id, c.title]),
    )
    expect(changed).toEqual([[lesson.id, 'Los gases de la mina']])

    const replaced = old.lessons[lesson.id][1]
    const added = manifest.lessons[lesson.id][1]
    const names = readdirSync(audioDir)
    expect(names).not.toContain(replaced.webm.slice('/audio/'.length))
    expect(names).not.toContain(replaced.mp3.slice('/audio/'.length))
    expect(names).toContain(added.webm.slice('/audio/'.length))
    expect(names).toHaveLength(mtimes.size)
    // Every other clip is the same file as before.
    for (const name of names.filter((n) => !added.webm.endsWith(n) && !added.mp3.endsWith(n))) {
      expect(statSync(join(audioDir, name)).mtimeMs).toBe(mtimes.get(name))
    }
  }, 60_000)
})

describe('build:audio without espeak-ng', () => {
  test('says so in one line, writes a manifest with no lessons and succeeds', () => {
    // A PATH with node only: espeak-ng, ffmpeg and ffprobe are not found wherever they are installed.
    const bin = join(dir, 'bin-node-only')
    mkdirSync(bin, { recursive: true })
    if (!existsSync(join(bin, 'node'))) symlinkSync(process.execPath, join(bin, 'node'))
    const emptyAudioDir = join(dir, 'no-audio')
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-audio.ts', '--content-build-dir', contentDir, '--out-audio', emptyAudioDir], {
      encoding: 'utf8',
      env: { ...process.env, PATH: bin },
    })
    expect(run.status, run.stderr).toBe(0)
    expect(run.stderr).toBe('')
    const lines = run.stdout.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^Audio de las lecciones: no se encontraron espeak-ng, ffmpeg ni ffprobe; las lecciones usarán la voz del navegador\.$/)
    expect(readManifest()).toEqual({ version: 1, voice: 'es-419', lessons: {} })
    expect(existsSync(emptyAudioDir)).toBe(false)
  }, 60_000)
})
