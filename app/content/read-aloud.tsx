import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'

type State = 'idle' | 'speaking' | 'paused'

/** Prefers a Colombian voice, then any Spanish voice. */
function pickSpanishVoice(voices: SpeechSynthesisVoice[]) {
  return (
    voices.find((v) => v.lang.toLowerCase() === 'es-co') ??
    voices.find((v) => v.lang.toLowerCase().startsWith('es-4')) ??
    voices.find((v) => v.lang.toLowerCase().startsWith('es')) ??
    null
  )
}

/**
 * "Escuchar": reads the lesson aloud with the browser's speech synthesis.
 * Rendered only after hydration and only where the browser can speak, so
 * nobody sees a button that does nothing. Text is queued paragraph by
 * paragraph because long utterances stop early in some browsers.
 */
export function ReadAloud({ targetId }: { targetId: string }) {
  const { t } = useTranslation('courses')
  const [supported, setSupported] = useState(false)
  const [state, setState] = useState<State>('idle')
  const remaining = useRef(0)

  useEffect(() => {
    setSupported(typeof window !== 'undefined' && 'speechSynthesis' in window && 'SpeechSynthesisUtterance' in window)
    return () => {
      if ('speechSynthesis' in window) window.speechSynthesis.cancel()
    }
  }, [])

  if (!supported) return null

  const synth = window.speechSynthesis
  const start = () => {
    const target = document.getElementById(targetId)
    if (!target) return
    synth.cancel()
    const blocks = Array.from(target.querySelectorAll('h2, h3, p, .para, li, figcaption, .callout-title'))
      .filter((el) => !el.closest('details:not([open]), .term-def, [data-skip-read-aloud]'))
      .map((el) => (el as HTMLElement).innerText.trim())
      .filter(Boolean)
    const voice = pickSpanishVoice(synth.getVoices())
    remaining.current = blocks.length
    for (const text of blocks) {
      const utterance = new SpeechSynthesisUtterance(text)
      utterance.lang = voice?.lang ?? 'es-CO'
      if (voice) utterance.voice = voice
      utterance.rate = 0.95
      utterance.onend = () => {
        remaining.current -= 1
        if (remaining.current <= 0) setState('idle')
      }
      synth.speak(utterance)
    }
    setState('speaking')
  }

  return (
    <div className="read-aloud" role="group" aria-label={t('readAloud.label')}>
      {state === 'idle' ? (
        <button type="button" className="button secondary" onClick={start}>
          <span aria-hidden="true">🔊</span> {t('readAloud.listen')}
        </button>
      ) : (
        <>
          {state === 'speaking' ? (
            <button type="button" className="button secondary" onClick={() => (synth.pause(), setState('paused'))}>
              {t('readAloud.pause')}
            </button>
          ) : (
            <button type="button" className="button secondary" onClick={() => (synth.resume(), setState('speaking'))}>
              {t('readAloud.resume')}
            </button>
          )}
          <button type="button" className="button secondary" onClick={() => (synth.cancel(), setState('idle'))}>
            {t('readAloud.stop')}
          </button>
        </>
      )}
    </div>
  )
}
