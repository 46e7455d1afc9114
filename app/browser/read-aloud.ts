import { t } from './texts.ts'

// «Escuchar»: the device's Spanish voice when it has one; otherwise the recorded clips made
// at build time with espeak-ng (fetched only when pressed); otherwise the page says that
// nothing can speak here, instead of showing buttons that play nothing.

type Clip = { title: string; webm: string; mp3: string; seconds: number }
type Player = { pause(): void; resume(): void; stop(): void }

const SPEAKER_ICON =
  '<svg aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M11 5 6 9H3v6h3l5 4z" fill="currentColor"/><path d="M15.5 8.5a5 5 0 0 1 0 7M18.5 5.5a9 9 0 0 1 0 13"/></svg>'

/** es-CO first, then Latin American Spanish, then any Spanish voice. */
export function pickSpanishVoice(voices: SpeechSynthesisVoice[]): SpeechSynthesisVoice | null {
  const lang = (v: SpeechSynthesisVoice) => v.lang.toLowerCase().replace('_', '-')
  return (
    voices.find((v) => lang(v) === 'es-co') ??
    voices.find((v) => ['es-419', 'es-us', 'es-mx'].includes(lang(v))) ??
    voices.find((v) => lang(v).startsWith('es')) ??
    null
  )
}

/** Voices load asynchronously in some browsers: wait briefly for them. */
function spanishVoice(): Promise<SpeechSynthesisVoice | null> {
  if (!('speechSynthesis' in window) || !('SpeechSynthesisUtterance' in window)) return Promise.resolve(null)
  const now = pickSpanishVoice(speechSynthesis.getVoices())
  if (now) return Promise.resolve(now)
  return new Promise((resolve) => {
    const done = () => resolve(pickSpanishVoice(speechSynthesis.getVoices()))
    speechSynthesis.addEventListener('voiceschanged', done, { once: true })
    setTimeout(done, 1200)
  })
}

function readableBlocks(target: Element): string[] {
  return Array.from(target.querySelectorAll<HTMLElement>('h2, h3, p, .para, li, figcaption, .callout-title, legend, label'))
    .filter((el) => !el.closest('details:not([open]), .term-def, [data-skip-read-aloud], .read-aloud'))
    .map((el) => el.innerText.trim())
    .filter(Boolean)
}

/** Speaks blocks one by one (long utterances stop early in some browsers); rejects if nothing starts. */
function speak(voice: SpeechSynthesisVoice, blocks: string[], onEnd: () => void): Player {
  speechSynthesis.cancel()
  let started = false
  let remaining = blocks.length
  for (const text of blocks) {
    const utterance = new SpeechSynthesisUtterance(text)
    utterance.voice = voice
    utterance.lang = voice.lang
    utterance.rate = 0.95
    utterance.onstart = () => (started = true)
    utterance.onend = utterance.onerror = () => {
      remaining -= 1
      if (remaining <= 0) onEnd()
    }
    speechSynthesis.speak(utterance)
  }
  // A voice that is listed but never starts (seen on phones) must not leave the page stuck.
  setTimeout(() => {
    if (!started) {
      speechSynthesis.cancel()
      onEnd()
    }
  }, 4000)
  return { pause: () => speechSynthesis.pause(), resume: () => speechSynthesis.resume(), stop: () => speechSynthesis.cancel() }
}

function playClips(clips: Clip[], onEnd: () => void, onFail: () => void): Player {
  const audio = new Audio()
  audio.preload = 'none'
  const useWebm = audio.canPlayType('audio/webm; codecs="opus"') !== ''
  let index = 0
  const play = () => {
    const clip = clips[index]
    if (!clip) return onEnd()
    audio.src = useWebm ? clip.webm : clip.mp3
    audio.play().catch(onFail)
  }
  audio.addEventListener('ended', () => {
    index += 1
    play()
  })
  audio.addEventListener('error', onFail)
  play()
  return {
    pause: () => audio.pause(),
    resume: () => void audio.play().catch(onFail),
    stop: () => {
      audio.pause()
      audio.removeAttribute('src')
    },
  }
}

function button(label: string, icon = false): HTMLButtonElement {
  const b = document.createElement('button')
  b.type = 'button'
  b.className = 'button secondary'
  b.innerHTML = icon ? SPEAKER_ICON : ''
  b.append(document.createTextNode(icon ? ` ${label}` : label))
  return b
}

/** The lesson's «Escuchar» bar: `<div data-read-aloud="lesson-body" data-audio="[clips]">`. */
function mountLessonPlayer(host: HTMLElement) {
  const target = document.getElementById(host.dataset.readAloud ?? '')
  if (!target) return
  let clips: Clip[] = []
  try {
    clips = JSON.parse(host.dataset.audio ?? '[]') as Clip[]
  } catch {
    clips = []
  }
  const listen = button(t('listen'), true)
  const pause = button(t('pause'))
  const stop = button(t('stop'))
  const message = document.createElement('p')
  message.className = 'notice'
  message.setAttribute('role', 'status')
  message.hidden = true
  let player: Player | null = null
  let paused = false

  const show = (state: 'idle' | 'playing') => {
    listen.hidden = state !== 'idle'
    pause.hidden = stop.hidden = state === 'idle'
    pause.textContent = paused ? t('resume') : t('pause')
  }
  const idle = () => {
    player = null
    paused = false
    show('idle')
  }
  const cannotSpeak = () => {
    player?.stop()
    idle()
    message.textContent = t('cannotSpeak')
    message.hidden = false
  }

  listen.addEventListener('click', async () => {
    message.hidden = true
    const voice = await spanishVoice()
    if (voice) player = speak(voice, readableBlocks(target), idle)
    else if (clips.length) player = playClips(clips, idle, cannotSpeak)
    else return cannotSpeak()
    show('playing')
  })
  pause.addEventListener('click', () => {
    if (!player) return
    if (paused) player.resume()
    else player.pause()
    paused = !paused
    show('playing')
  })
  stop.addEventListener('click', () => {
    player?.stop()
    idle()
  })
  host.append(listen, pause, stop, message)
  host.hidden = false
  show('idle')
}

/** A small «Escuchar la pregunta» per quiz question, only where the device has a Spanish voice. */
async function mountQuestionButtons(form: HTMLElement) {
  const voice = await spanishVoice()
  if (!voice) return
  for (const fieldset of Array.from(form.querySelectorAll<HTMLFieldSetElement>('fieldset.question'))) {
    const b = button(t('listenQuestion'), true)
    b.classList.add('small', 'listen-question')
    b.addEventListener('click', () => speak(voice, readableBlocks(fieldset), () => undefined))
    fieldset.querySelector('legend')?.after(b)
  }
}

export function enhanceReadAloud() {
  for (const host of Array.from(document.querySelectorAll<HTMLElement>('[data-read-aloud]'))) mountLessonPlayer(host)
  const quiz = document.querySelector<HTMLElement>('form.quiz-form')
  if (quiz) void mountQuestionButtons(quiz)
}
