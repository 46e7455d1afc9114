import { t } from './texts.ts'

// The sign-in form on a phone. Without this script the secret field stays a plain password
// field (hidden, full keyboard unless the page already knew the username).
// - «Mostrar»/«Ocultar»: a miner copying a PIN from a card sees what was typed.
// - The number pad for a PIN: the field also takes officials' passwords, so inputmode follows
//   the identifier: an e-mail (has @) gets the full keyboard, a username the number pad.

export function enhanceSignIn() {
  const secret = document.querySelector<HTMLInputElement>('input[data-show-secret]')
  if (!secret) return
  const form = secret.form
  const identifier = form?.querySelector<HTMLInputElement>('input[name=identifier]')

  const row = document.createElement('div')
  row.className = 'secret-row'
  secret.replaceWith(row)
  row.append(secret)
  const toggle = document.createElement('button')
  toggle.type = 'button'
  toggle.className = 'button secondary show-secret'
  toggle.setAttribute('aria-controls', secret.id)
  row.append(toggle)

  const show = (visible: boolean) => {
    secret.type = visible ? 'text' : 'password'
    toggle.textContent = t(visible ? 'hideSecret' : 'showSecret')
    toggle.setAttribute('aria-label', t(visible ? 'hideSecretLabel' : 'showSecretLabel'))
  }
  show(false)
  toggle.addEventListener('click', () => show(secret.type === 'password'))
  // Never leave the PIN readable on the page the browser keeps for Back.
  form?.addEventListener('submit', () => show(false))

  if (identifier) {
    const follow = () => {
      const value = identifier.value.trim()
      if (value && !value.includes('@')) secret.inputMode = 'numeric'
      else secret.removeAttribute('inputmode')
    }
    follow()
    identifier.addEventListener('input', follow)
  }
}
