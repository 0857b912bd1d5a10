import "./style.css";

interface Props {
  label: string;
  name: string;
  value: string;
  onInput: (value: string) => void;
  /** Left the field (a draft is written at once). */
  onBlur?: () => void;
  type?: "text" | "password" | "date";
  multiline?: boolean;
  autoComplete?: string;
  required?: boolean;
  disabled?: boolean;
  /** The phone keyboard to show ("numeric", "decimal"). */
  inputMode?: "numeric" | "decimal" | "text";
  /** Extra attributes for the input, e.g. a test hook. */
  invalid?: boolean;
}

/** A labelled text input (or text area) as large as a thumb. */
export function Field({ label, name, value, onInput, onBlur, type = "text", multiline, ...rest }: Props) {
  const common = {
    id: `field-${name}`,
    name,
    value,
    required: rest.required,
    disabled: rest.disabled,
    onInput: (event: Event) => onInput((event.currentTarget as HTMLInputElement).value),
    onBlur,
  };
  const single = {
    ...common,
    class: "field__input",
    autoComplete: rest.autoComplete,
    inputMode: rest.inputMode,
    "aria-invalid": rest.invalid ? ("true" as const) : undefined,
    autoCapitalize: "off" as const,
    spellcheck: false,
  };
  return (
    <div class="field">
      <label class="field__label" for={common.id}>
        {label}
      </label>
      {multiline ? (
        <textarea {...common} class="field__input field__input--multiline" rows={3} />
      ) : type === "password" ? (
        <input {...single} type="password" />
      ) : (
        <input {...single} type="text" />
      )}
    </div>
  );
}
