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
}

/** A labelled desktop input (or text area). */
export function Input({ label, name, value, onInput, type = "text", multiline, required, placeholder }: Props) {
  const common = {
    id: `office-${name}`,
    name,
    value,
    required,
    placeholder,
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
}

export function Select({ label, name, value, onChange, options, empty }: SelectProps) {
  return (
    <label class="o-field" for={`office-${name}`}>
      <span class="o-field__label">{label}</span>
      <select
        id={`office-${name}`}
        name={name}
        value={value}
        onChange={(event) => onChange((event.currentTarget as HTMLSelectElement).value)}
      >
        {empty !== undefined && <option value="">{empty}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}
