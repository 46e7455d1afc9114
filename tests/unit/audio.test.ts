import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import type { AudioManifest } from '#app/content/audio.server.ts'
import { clipHash, lessonSections, parseHtml } from '../../scripts/build-audio.ts'

// This file reads its own manifest: set before getEnv() is first called (each test file runs in its own process).
mkdirSync('tests/.tmp', { recursive: true })
const contentDir = mkdtempSync('tests/.tmp/audio-manifest-')
process.env.CONTENT_BUILD_DIR = contentDir

const lessonHtml = [
  '<p>Antes del primer título.</p>',
  '<h2 id="el-gas">El gas</h2>',
  '<p>La <span class="term"><input type="checkbox" id="term-1" class="term-toggle"/><label for="term-1" class="term-word">grisú</label>',
  '<span class="term-def" role="note">Mezcla de aire que puede explotar.</span></span> es un gas &quot;peligroso&quot; &amp; invisible.</p>',
  '<aside class="callout callout-tip" aria-label="Un consejo"><p class="callout-title"><span aria-hidden="true">💡 </span>Un consejo</p><p>Mida los gases.</p></aside>',
  '<ul>\n<li>Primero<ul><li>dentro</li></ul>después</li>\n</ul>',
  '<p data-skip-read-aloud="">No se lee.</p>',
  '<div class="self-check"><p class="self-check-question"><strong>Compruebe lo aprendido:</strong> ¿Qué es?</p>',
  '<details><summary>Ver la respuesta</summary><p>La respuesta escondida.</p></details></div>',
  '<h2 id="otra">Otra parte</h2>',
  '<h3 id="sub">Un subtítulo</h3><p>Con una <details class="term"><summary>palabra</summary><span>su definición</span></details> en medio.</p>',
  '<details open=""><summary>Abierto</summary><p>Se lee porque está abierto.</p></details>',
  '<figure class="figure"><img src="/contenido/x.png" alt="Una mina"/><figcaption>Una mina de oro</figcaption></figure>',
  '<h2 id="fuentes">Fuentes</h2>',
  '<ul><li>Decreto 1886 de 2015.</li></ul>',
].join('\n')

describe('lesson sections read aloud', () => {
  test('one section per h2, the lesson title first, skipping hidden answers, definitions, icons and the sources', () => {
    expect(lessonSections('La lección', lessonHtml)).toEqual([
      { title: 'La lección', text: 'La lección.\n\nAntes del primer título.' },
      {
        title: 'El gas',
        text: [
          'El gas.',
          'La grisú es un gas "peligroso" & invisible.',
          'Un consejo.',
          'Mida los gases.',
          'Primero.',
          'dentro.',
          'después.',
          'Compruebe lo aprendido: ¿Qué es?',
        ].join('\n\n'),
      },
      {
        title: 'Otra parte',
        text: ['Otra parte.', 'Un subtítulo.', 'Con una palabra en medio.', 'Se lee porque está abierto.', 'Una mina de oro.'].join('\n\n'),
      },
    ])
  })

  test('a lesson that starts with a heading begins with its title in the first section', () => {
    const sections = lessonSections('Título', '<h2 id="a">Uno</h2><p>Texto uno.</p><h2 id="b">Dos</h2><p>Texto dos.</p>')
    expect(sections).toEqual([
      { title: 'Uno', text: 'Título.\n\nUno.\n\nTexto uno.' },
      { title: 'Dos', text: 'Dos.\n\nTexto dos.' },
    ])
  })

  test('the parser keeps void elements and entities straight', () => {
    const root = parseHtml('<p>a<br/>b &#x27;c&#39; &lt;d&gt;<img src="x"/></p><p>e</p>')
    expect(root.children.map((c) => (typeof c === 'string' ? c : c.tag))).toEqual(['p', 'p'])
    const [first] = root.children
    expect(typeof first !== 'string' && first.children).toEqual([
      'a',
      { tag: 'br', attrs: {}, children: [] },
      "b 'c' <d>",
      { tag: 'img', attrs: { src: 'x' }, children: [] },
    ])
  })

  test('a clip is named by its text: same text same name, other text another name', () => {
    expect(clipHash('Hola.')).toMatch(/^[0-9a-f]{16}$/)
    expect(clipHash('Hola.')).toBe(clipHash('Hola.'))
    expect(clipHash('Hola.')).not.toBe(clipHash('Hola!'))
  })
})

describe('audio manifest accessor', () => {
  const clip = (hash: string, webm: number) => ({
    title: hash,
    webm: `/audio/${hash}.webm`,
    mp3: `/audio/${hash}.mp3`,
    seconds: 3.5,
    bytes: { webm, mp3: webm * 2 },
  })
  const write = (manifest: AudioManifest, mtime: number) => {
    const file = join(contentDir, 'audio.json')
    writeFileSync(file, JSON.stringify(manifest))
    utimesSync(file, mtime, mtime)
  }

  test('no manifest means no clips; a lesson’s clips and a course’s download size come from the manifest, re-read when it changes', async () => {
    const { getCourseAudioBytes, getLessonAudio } = await import('#app/content/audio.server.ts')
    expect(getLessonAudio('l1')).toBeNull()
    expect(getCourseAudioBytes(['l1'])).toBe(0)

    write({ version: 1, voice: 'es-419', lessons: { l1: [clip('a', 100), clip('b', 50)], l2: [clip('c', 7)], l3: [] } }, 1_000)
    expect(getLessonAudio('l1')?.map((c) => c.webm)).toEqual(['/audio/a.webm', '/audio/b.webm'])
    expect(getLessonAudio('l3')).toBeNull()
    expect(getLessonAudio('other')).toBeNull()
    expect(getCourseAudioBytes(['l1', 'l2', 'other'])).toBe(157)

    // Outside production a rebuilt manifest is picked up without a restart.
    write({ version: 1, voice: 'es-419', lessons: { l2: [clip('d', 9)] } }, 2_000)
    expect(getLessonAudio('l1')).toBeNull()
    expect(getCourseAudioBytes(['l1', 'l2'])).toBe(9)
  })
})
