import { useId } from 'react'
import { useTranslation } from 'react-i18next'

type FieldProps = {
  name: string
  label: string
  hint?: string
  /** An i18n key from the "auth"/"common" namespaces, translated here. */
  error?: string
  ns?: string
} & React.InputHTMLAttributes<HTMLInputElement>

/** A labelled input whose error message sits right under it and is announced with it. */
export function Field({ name, label, hint, error, ns = 'auth', type = 'text', ...input }: FieldProps) {
  const id = useId()
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} ns={ns}>
      <input id={id} name={name} type={type} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...input} />
    </FieldFrame>
  )
}

/** The same as Field, for a few lines of text (a reason, a note). */
export function TextAreaField({
  name,
  label,
  hint,
  error,
  ns = 'auth',
  ...textarea
}: Omit<FieldProps, keyof React.InputHTMLAttributes<HTMLInputElement>> & { name: string } & React.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId()
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} ns={ns}>
      <textarea id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...textarea} />
    </FieldFrame>
  )
}

const describedBy = (id: string, hint: unknown, error: unknown) =>
  [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined

/** Label, hint, the control, and the error message under it (translated from `ns`). */
function FieldFrame({
  id,
  label,
  hint,
  error,
  ns,
  children,
}: {
  id: string
  label: string
  hint?: string
  error?: string
  ns: string
  children: React.ReactNode
}) {
  const { t } = useTranslation(ns)
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {t(error)}
        </p>
      ) : null}
    </div>
  )
}

type SelectFieldProps = {
  name: string
  label: string
  error?: string
  ns?: string
  options: { value: string; label: string }[]
} & React.SelectHTMLAttributes<HTMLSelectElement>

export function SelectField({ name, label, error, options, ns = 'auth', ...select }: SelectFieldProps) {
  const { t } = useTranslation(ns)
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {t(error)}
        </p>
      ) : null}
    </div>
  )
}

export function CheckField({
  name,
  label,
  error,
  ns = 'auth',
  ...input
}: { name: string; label: React.ReactNode; error?: string; ns?: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  const { t } = useTranslation(ns)
  const id = useId()
  return (
    <div className="field">
      <div className="check">
        <input type="checkbox" id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...input} />
        <label htmlFor={id}>{label}</label>
      </div>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {t(error)}
        </p>
      ) : null}
    </div>
  )
}

/**
 * A new PIN (6 digits) or password, typed twice: the same pair of fields wherever someone chooses
 * one (registration, a reset link). The confirmation's label is shared; the first field's is the page's.
 */
export function NewSecretFields({
  kind,
  label,
  hint,
  errors,
  showSecret = false,
}: {
  kind: 'pin' | 'password'
  label: string
  hint: string
  errors: Record<string, string | undefined>
  /** Let the enhancement script add «Mostrar» to the first field. */
  showSecret?: boolean
}) {
  const { t } = useTranslation('auth')
  const digits = kind === 'pin' ? ({ inputMode: 'numeric', pattern: '[0-9]{6}', maxLength: 6 } as const) : {}
  const confirm = `${kind}Confirm`
  return (
    <>
      <Field
        name={kind}
        label={label}
        hint={hint}
        type="password"
        autoComplete="new-password"
        {...digits}
        {...(showSecret ? { 'data-show-secret': '' } : {})}
        required
        error={errors[kind]}
      />
      <Field
        name={confirm}
        label={t(kind === 'pin' ? 'fields.pinConfirm' : 'fields.passwordConfirm')}
        type="password"
        autoComplete="new-password"
        {...digits}
        required
        error={errors[confirm]}
      />
    </>
  )
}
