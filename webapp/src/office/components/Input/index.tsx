import type { ComponentChildren } from "preact";

interface Props {
  label: string;
  name: string;
  value: string;
  onInput: (value: string) => void;
  type?: "text" | "number" | "date" | "datetime-local" | "password" | "email";
  multiline?: boolean;
  required?: boolean;
  placeholder?: string;
  /** The server's message for this field (a 422), shown under it. */
  error?: string;
}

/** The message under a field the server refused, tied to it for screen readers. */
function FieldError({ name, error }: { name: string; error?: string }) {
  if (!error) return null;
  return (
    <span class="o-field__error" id={`office-${name}-error`} data-field-error={name}>
      {error}
    </span>
  );
}

/** A labelled desktop input (or text area). */
export function Input({ label, name, value, onInput, type = "text", multiline, required, placeholder, error }: Props) {
  const common = {
    id: `office-${name}`,
    name,
    value,
    required,
    placeholder,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `office-${name}-error` : undefined,
    onInput: (event: Event) => onInput((event.currentTarget as HTMLInputElement).value),
  };
  return (
    <label class="o-field" for={common.id}>
      <span class="o-field__label">{label}</span>
      {multiline ? (
        <textarea {...common} rows={3} />
      ) : type === "password" ? (
        <input {...common} type="password" />
      ) : (
        <input {...common} type={type as "text"} />
      )}
      <FieldError name={name} error={error} />
    </label>
  );
}

interface SelectProps {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
  /** Label of an empty first choice; none when omitted. */
  empty?: string;
  children?: ComponentChildren;
  /** The server's message for this field (a 422), shown under it. */
  error?: string;
}

export { FieldError };

export function Select({ label, name, value, onChange, options, empty, error }: SelectProps) {
  return (
    <label class="o-field" for={`office-${name}`}>
      <span class="o-field__label">{label}</span>
      <select
        id={`office-${name}`}
        name={name}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `office-${name}-error` : undefined}
        onChange={(event) => onChange((event.currentTarget as HTMLSelectElement).value)}
      >
        {empty !== undefined && <option value="">{empty}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldError name={name} error={error} />
    </label>
  );
}
