// Recorded read-aloud for phones with no Spanish speech-synthesis voice (issue 13):
//   npm run build:audio      → public/audio/<hash>.webm + .mp3, build/content/audio.json
//   tsx scripts/build-audio.ts --out-audio tests/.tmp/audio   (tests: never writes public/audio)
// Reads the compiled content (CONTENT_BUILD_DIR, default build/content), splits each lesson into one
// section per <h2>, speaks it with espeak-ng (es-419) and encodes Opus/WebM plus an MP3 fallback with
// ffmpeg. Clips are named by a hash of their text and settings, so an unchanged section is never
// re-synthesised. Without espeak-ng or ffmpeg it says so in one line, writes an empty manifest and
// exits 0: the lesson page then uses the browser's voice only.
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import type { AudioClip, AudioManifest } from '#app/content/audio.server.ts'
import type { CompiledContent } from '#app/content/types.ts'

export const VOICE = 'es-419'
/** Words a minute; espeak-ng's default (175) is too fast for adults who read with effort. */
export const RATE = 145
const ESPEAK_ARGS = ['-v', VOICE, '-s', String(RATE), '-b', '1']
// Speech needs little: Opus at 16 kbps (voip mode) and a 22 kHz, 24 kbps MP3 for browsers without Opus.
// Opus complexity 5 instead of 10: 40 % less encoding time (most of the build), same size and no audible loss.
const WEBM_ARGS = ['-ac', '1', '-c:a', 'libopus', '-b:a', '16k', '-application', 'voip', '-compression_level', '5', '-f', 'webm']
const MP3_ARGS = ['-ac', '1', '-ar', '22050', '-c:a', 'libmp3lame', '-b:a', '24k', '-f', 'mp3']
// Part of every clip's hash: changing a setting re-synthesises everything, changing text only its clips.
const SETTINGS = JSON.stringify({ espeak: ESPEAK_ARGS, webm: WEBM_ARGS, mp3: MP3_ARGS })

export type SpokenSection = { title: string; text: string }

// ---------------------------------------------------------------------------------------------
// Lesson HTML → spoken sections.
// No HTML parser ships in node_modules (no parse5, rehype-parse or hast-util-from-html), and the
// lesson HTML is React's renderToStaticMarkup output: every element closed, attributes quoted,
// only the five escaped entities. A small tree builder for that subset is enough and adds no deps.

type El = { tag: string; attrs: Record<string, string>; children: (El | string)[] }

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr'])
const RAW_TEXT = new Set(['script', 'style'])
const TOKEN = /<!--[\s\S]*?-->|<\/([a-zA-Z][\w-]*)\s*>|<([a-zA-Z][\w-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>|[^<]+|</g
const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] !== '#') return NAMED[name.toLowerCase()] ?? whole
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
  })
}

export function parseHtml(html: string): El {
  const root: El = { tag: '#root', attrs: {}, children: [] }
  const stack = [root]
  TOKEN.lastIndex = 0
  for (let m = TOKEN.exec(html); m; m = TOKEN.exec(html)) {
    const top = stack[stack.length - 1]
    const [token, closing, opening, attrText, selfClosing] = m
    if (token.startsWith('<!--')) continue
    if (closing) {
      // Tolerant: close up to the matching element, ignore a stray end tag.
      const at = stack.map((e) => e.tag).lastIndexOf(closing.toLowerCase())
      if (at > 0) stack.length = at
    } else if (opening) {
      const el: El = { tag: opening.toLowerCase(), attrs: {}, children: [] }
      for (const a of (attrText ?? '').matchAll(ATTR)) el.attrs[a[1].toLowerCase()] = decodeEntities(a[2] ?? a[3] ?? a[4] ?? '')
      top.children.push(el)
      if (RAW_TEXT.has(el.tag)) {
        // Script and style text is never read; jump past the end tag.
        const end = html.toLowerCase().indexOf(`</${el.tag}`, TOKEN.lastIndex)
        TOKEN.lastIndex = end === -1 ? html.length : html.indexOf('>', end) + 1 || html.length
      } else if (!selfClosing && !VOID.has(el.tag)) stack.push(el)
    } else top.children.push(decodeEntities(token))
  }
  return root
}

// The same blocks the browser's read-aloud reads (app/content/read-aloud.tsx); .callout-title is a <p>.
const BLOCKS = new Set(['h2', 'h3', 'p', 'li', 'figcaption'])

const hasClass = (el: El, name: string) => (el.attrs.class ?? '').split(/\s+/).includes(name)
const textOf = (node: El | string): string => (typeof node === 'string' ? node : node.children.map(textOf).join(''))

/** Not spoken: glossary definitions, author-marked parts, decorative icons (callout ⚠ 💡 ℹ). */
function silent(el: El) {
  return hasClass(el, 'term-def') || 'data-skip-read-aloud' in el.attrs || el.attrs['aria-hidden'] === 'true' || el.tag === 'template'
}

/** A spoken block: whitespace collapsed, ending in punctuation so espeak-ng pauses after headings and items. */
function sentence(text: string) {
  const t = text.replace(/\s+/g, ' ').trim()
  return !t || /[.!?…:;]$/.test(t) ? t : `${t}.`
}

/**
 * The sections of a lesson as they are read aloud: text before the first <h2> (with the lesson title
 * in front), then one section per <h2>, up to the "Fuentes" section, which is never read.
 */
export function lessonSections(title: string, html: string): SpokenSection[] {
  const sections: { title: string; blocks: string[] }[] = [{ title, blocks: [] }]
  const open: string[][] = [] // the text of the blocks being read, innermost last
  let sourcesReached = false

  const emit = (parts: string[]) => {
    const text = sentence(parts.join(''))
    if (text) sections[sections.length - 1].blocks.push(text)
    parts.length = 0
  }

  const walk = (node: El | string, inBlock: boolean) => {
    if (sourcesReached) return
    if (typeof node === 'string') {
      open[open.length - 1]?.push(node)
      return
    }
    if (silent(node)) return
    if (node.tag === 'details' && !('open' in node.attrs)) {
      // Closed by default: a block (the self-check answer) is skipped whole; inside a sentence
      // (a glossary term written as <details>) only the visible <summary> is read.
      if (inBlock) for (const child of node.children) if (typeof child !== 'string' && child.tag === 'summary') walk(child, inBlock)
      return
    }
    if (node.tag === 'h2') {
      const heading = sentence(textOf(node))
      if (node.attrs.id === 'fuentes' || /^fuentes\.?$/i.test(heading)) {
        sourcesReached = true
        return
      }
      sections.push({ title: textOf(node).replace(/\s+/g, ' ').trim(), blocks: [] })
    }
    if (!BLOCKS.has(node.tag)) {
      for (const child of node.children) walk(child, inBlock)
      return
    }
    // A block inside a block (a list inside an item): the outer text so far, the inner block, then the rest.
    if (open.length) emit(open[open.length - 1])
    const parts: string[] = []
    open.push(parts)
    for (const child of node.children) walk(child, true)
    open.pop()
    emit(parts)
  }
  walk(parseHtml(html), false)

  const [intro, ...rest] = sections
  const spoken = (intro.blocks.length ? [intro, ...rest] : rest).map((s) => ({ title: s.title, text: s.blocks.join('\n\n') }))
  if (!spoken.length) return [{ title, text: sentence(title) }]
  // The lesson starts with its title, whether or not there is text before the first heading.
  spoken[0] = { title: spoken[0].title, text: `${sentence(title)}\n\n${spoken[0].text}` }
  return spoken.filter((s) => s.text.trim())
}

export function clipHash(text: string): string {
  return createHash('sha256').update(`${text}\u0000${VOICE}\u0000${RATE}\u0000${SETTINGS}`).digest('hex').slice(0, 16)
}

// ---------------------------------------------------------------------------------------------
// Synthesis and encoding.

function run(command: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    // stdin only when there is input: ffmpeg and ffprobe may exit before reading a pipe (EPIPE).
    const child = spawn(command, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout!.on('data', (d) => (stdout += d))
    child.stderr!.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolvePromise(stdout) : reject(new Error(`${command} ${args.join(' ')} → ${code}\n${stderr.trim()}`))))
    if (child.stdin) {
      child.stdin.on('error', () => {}) // an early exit is reported by 'close' with its code and stderr
      child.stdin.end(input)
    }
  })
}

async function synthesise(text: string, hash: string, outDir: string, workDir: string) {
  const wav = join(workDir, `${hash}.wav`)
  await run('espeak-ng', [...ESPEAK_ARGS, '-w', wav, '--stdin'], text)
  // Written under temporary names and renamed, so an interrupted build never leaves a clip that looks cached.
  const tmp = { webm: join(outDir, `.${hash}.${process.pid}.webm.tmp`), mp3: join(outDir, `.${hash}.${process.pid}.mp3.tmp`) }
  const common = ['-map_metadata', '-1', '-fflags', '+bitexact', '-flags:a', '+bitexact']
  await run('ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-i', wav, ...common, ...WEBM_ARGS, tmp.webm, ...common, ...MP3_ARGS, tmp.mp3])
  rmSync(wav, { force: true })
  renameSync(tmp.mp3, join(outDir, `${hash}.mp3`))
  renameSync(tmp.webm, join(outDir, `${hash}.webm`))
}

async function durationOf(file: string): Promise<number> {
  const out = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'default=noprint_wrappers=1:nokey=1', file])
  const seconds = Number.parseFloat(out.trim())
  if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`ffprobe: sin duración para ${file}`)
  return Math.round(seconds * 100) / 100
}

/** Runs jobs with at most `limit` at a time. */
async function pool<T>(items: T[], limit: number, job: (item: T) => Promise<void>) {
  let next = 0
  const worker = async () => {
    while (next < items.length) await job(items[next++])
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}

/** espeak-ng, ffmpeg and ffprobe must run, and espeak-ng must have the es-419 voice; returns what is missing. */
function missingTools(): string | null {
  const absent = [
    ['espeak-ng', '--version'],
    ['ffmpeg', '-version'],
    ['ffprobe', '-version'],
  ]
    .filter(([command, flag]) => spawnSync(command, [flag], { stdio: 'ignore' }).status !== 0)
    .map(([command]) => command)
  if (absent.length === 1) return `no se encontró ${absent[0]}`
  if (absent.length) return `no se encontraron ${absent.slice(0, -1).join(', ')} ni ${absent[absent.length - 1]}`
  const voices = spawnSync('espeak-ng', ['--voices=es'], { encoding: 'utf8' }).stdout ?? ''
  if (!new RegExp(`\\s${VOICE}\\s`).test(voices)) return `espeak-ng no tiene la voz ${VOICE}`
  return null
}

function writeManifest(contentDir: string, manifest: AudioManifest) {
  mkdirSync(contentDir, { recursive: true })
  // Write then rename, so a running server never reads a half-written file.
  const tmp = join(contentDir, `audio.json.${process.pid}.tmp`)
  writeFileSync(tmp, JSON.stringify(manifest))
  renameSync(tmp, join(contentDir, 'audio.json'))
}

/** Durations already measured, by clip path, so a cached clip is not probed again. */
function previousDurations(contentDir: string): Map<string, number> {
  try {
    const old = JSON.parse(readFileSync(join(contentDir, 'audio.json'), 'utf8')) as AudioManifest
    if (old.version !== 1 || old.voice !== VOICE) return new Map()
    return new Map(Object.values(old.lessons).flatMap((clips) => clips.map((c) => [c.webm, c.seconds] as const)))
  } catch {
    return new Map()
  }
}

const MB = (bytes: number) => (bytes / 1_000_000).toFixed(1)

async function main() {
  const { values } = parseArgs({
    options: {
      'content-build-dir': { type: 'string', default: process.env.CONTENT_BUILD_DIR ?? 'build/content' },
      'out-audio': { type: 'string', default: process.env.AUDIO_OUT_DIR ?? 'public/audio' },
    },
  })
  const started = performance.now()
  const contentDir = resolve(values['content-build-dir']!)
  const outDir = resolve(values['out-audio']!)
  const contentFile = join(contentDir, 'content.json')
  if (!existsSync(contentFile)) {
    console.error(`Audio de las lecciones: falta ${contentFile}; ejecute antes npm run build:content.`)
    process.exit(1)
  }
  // Test builds that don't exercise audio skip minutes of synthesis (its own tests build clips).
  const missing = process.env.AULA_AUDIO === '0' ? 'omitido (AULA_AUDIO=0)' : missingTools()
  if (missing) {
    console.log(`Audio de las lecciones: ${missing}; las lecciones usarán la voz del navegador.`)
    writeManifest(contentDir, { version: 1, voice: VOICE, lessons: {} })
    return
  }

  const content = JSON.parse(readFileSync(contentFile, 'utf8')) as CompiledContent
  const plan = content.courses.flatMap((c) => c.lessons).map((l) => ({ id: l.id, sections: lessonSections(l.title, l.html) }))
  const texts = new Map<string, string>() // hash → text; a section repeated across lessons is made once
  for (const lesson of plan) for (const s of lesson.sections) texts.set(clipHash(s.text), s.text)

  mkdirSync(outDir, { recursive: true })
  const toMake = [...texts].filter(([hash]) => !existsSync(join(outDir, `${hash}.webm`)) || !existsSync(join(outDir, `${hash}.mp3`)))
  const workDir = mkdtempSync(join(tmpdir(), 'aula-audio-'))
  const limit = Math.min(2, availableParallelism())
  try {
    await pool(toMake, limit, ([hash, text]) => synthesise(text, hash, outDir, workDir))
  } finally {
    rmSync(workDir, { recursive: true, force: true })
  }

  const known = previousDurations(contentDir)
  const made = new Set(toMake.map(([hash]) => hash))
  const clips = new Map<string, Omit<AudioClip, 'title'>>()
  await pool([...texts.keys()], limit, async (hash) => {
    const webm = `/audio/${hash}.webm`
    const files = { webm: join(outDir, `${hash}.webm`), mp3: join(outDir, `${hash}.mp3`) }
    const seconds = (!made.has(hash) && known.get(webm)) || (await durationOf(files.webm))
    clips.set(hash, { webm, mp3: `/audio/${hash}.mp3`, seconds, bytes: { webm: statSync(files.webm).size, mp3: statSync(files.mp3).size } })
  })

  const lessons: AudioManifest['lessons'] = {}
  for (const lesson of plan) lessons[lesson.id] = lesson.sections.map((s) => ({ title: s.title, ...clips.get(clipHash(s.text))! }))
  writeManifest(contentDir, { version: 1, voice: VOICE, lessons })

  // Clips no lesson uses any more (and leftovers of an interrupted run) are removed.
  let removed = 0
  for (const name of readdirSync(outDir)) {
    const clip = /^([0-9a-f]{16})\.(webm|mp3)$/.exec(name)
    const leftover = /^\.[0-9a-f]{16}\.\d+\.(webm|mp3)\.tmp$/.test(name)
    if ((clip && !texts.has(clip[1])) || leftover) {
      rmSync(join(outDir, name), { force: true })
      removed++
    }
  }

  const all = [...clips.values()]
  const webmBytes = all.reduce((a, c) => a + c.bytes.webm, 0)
  const mp3Bytes = all.reduce((a, c) => a + c.bytes.mp3, 0)
  const minutes = all.reduce((a, c) => a + c.seconds, 0) / 60
  console.log(
    `Audio de las lecciones: ${plan.length} lecciones, ${texts.size} secciones (${toMake.length} generadas, ${texts.size - toMake.length} en caché` +
      `${removed ? `, ${removed} archivos sobrantes borrados` : ''}), ${minutes.toFixed(1)} min de audio, ${MB(webmBytes + mp3Bytes)} MB ` +
      `(webm ${MB(webmBytes)} MB, mp3 ${MB(mp3Bytes)} MB), en ${((performance.now() - started) / 1000).toFixed(1)} s`,
  )
}

// Runs only as a script; the tests import lessonSections() and clipHash() from here.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main().catch((error: unknown) => {
    console.error(`Audio de las lecciones: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  })
}
