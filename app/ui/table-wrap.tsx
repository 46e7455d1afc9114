/** A table that may scroll sideways on a phone: a named region that keyboard users can focus and scroll. */
export function TableWrap({ label, className = '', children }: { label: string; className?: string; children: React.ReactNode }) {
  return (
    // A scrollable region must be focusable so keyboard users can scroll it (WCAG 2.1.1; axe "scrollable-region-focusable").
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className={`table-wrap ${className}`.trim()} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  )
}
