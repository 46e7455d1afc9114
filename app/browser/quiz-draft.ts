import { DRAFT_PREFIX } from './storage.ts'
import { announce, t } from './texts.ts'

// While a learner answers, the answers are kept on the device: a submit that fails (no
// signal, the shared-computer sign-out) or a closed tab loses nothing. The draft belongs to
// one attempt and is dropped once that attempt's result page is seen.

type Draft = Record<string, string[]>

function readForm(form: HTMLFormElement): Draft {
  const draft: Draft = {}
  for (const input of Array.from(form.querySelectorAll<HTMLInputElement>('input[type=radio]:checked, input[type=checkbox]:checked'))) {
    ;(draft[input.name] ??= []).push(input.value)
  }
  return draft
}

export function enhanceQuizDraft() {
  // The result page of an attempt: its draft is no longer needed.
  const done = /\/intentos\/([^/]+)$/.exec(location.pathname)
  if (done) localStorage.removeItem(DRAFT_PREFIX + done[1])

  const form = document.querySelector<HTMLFormElement>('form.quiz-form')
  const attemptId = form?.querySelector<HTMLInputElement>('input[name=attemptId]')?.value
  if (!form || !attemptId) return
  const key = DRAFT_PREFIX + attemptId
  const anyChecked = form.querySelector('input:checked')
  if (!anyChecked) {
    let draft: Draft = {}
    try {
      draft = JSON.parse(localStorage.getItem(key) ?? '{}') as Draft
    } catch {
      draft = {}
    }
    let restored = 0
    for (const [name, values] of Object.entries(draft)) {
      for (const input of Array.from(form.querySelectorAll<HTMLInputElement>('input'))) {
        if (input.name === name && values.includes(input.value)) {
          input.checked = true
          restored += 1
        }
      }
    }
    if (restored) announce(form, t('draftRestored'))
  }
  form.addEventListener('change', () => {
    try {
      localStorage.setItem(key, JSON.stringify(readForm(form)))
    } catch {
      // storage full: answering still works
    }
  })
}
