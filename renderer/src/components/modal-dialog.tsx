// A native modal dialog that opens when mounted and gives focus back when it goes. Escape is left to the caller: a dialog that must be
// answered (sign in again) passes `onEscape` undefined and stays open.
import { useEffect, useRef, type ReactNode, type SyntheticEvent } from 'react';

export interface ModalDialogProps {
  className?: string;
  labelledBy: string;
  onEscape?: () => void;
  children: ReactNode;
}

export function ModalDialog({ className, labelledBy, onEscape, children }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    // React removes the element before this cleanup runs, so the browser cannot restore focus itself.
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      if (before?.isConnected) before.focus();
    };
  }, []);
  function onCancel(event: SyntheticEvent<HTMLDialogElement>) {
    event.preventDefault();
    onEscape?.();
  }
  return (
    <dialog ref={ref} className={className} aria-labelledby={labelledBy} onCancel={onCancel}>
      {children}
    </dialog>
  );
}
