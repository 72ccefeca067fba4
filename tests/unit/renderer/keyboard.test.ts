import { describe, expect, it } from 'vitest';
import { isSearchShortcut, isTypingTarget, zoomCommandFor } from '../../../renderer/src/lib/keyboard';

describe('isTypingTarget', () => {
  it('treats text fields as typing, buttons and lists as not', () => {
    expect(isTypingTarget({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTypingTarget({ tagName: 'input' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'date' })).toBe(true);
    expect(isTypingTarget({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTypingTarget({ tagName: 'SELECT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget({ tagName: 'DIV' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe('zoomCommandFor', () => {
  it('maps + - 0 1', () => {
    expect(zoomCommandFor('+')).toBe('in');
    expect(zoomCommandFor('=')).toBe('in');
    expect(zoomCommandFor('-')).toBe('out');
    expect(zoomCommandFor('0')).toBe('fit');
    expect(zoomCommandFor('1')).toBe('actual');
    expect(zoomCommandFor('2')).toBeNull();
  });
});

describe('isSearchShortcut', () => {
  const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; code: string }> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods });
  it('is Ctrl+K or Ctrl+F (or ⌘), never the letters alone or with Alt', () => {
    expect(isSearchShortcut(key('k', { ctrlKey: true }))).toBe(true);
    expect(isSearchShortcut(key('F', { ctrlKey: true }))).toBe(true);
    expect(isSearchShortcut(key('k', { metaKey: true }))).toBe(true);
    expect(isSearchShortcut(key('л', { ctrlKey: true, code: 'KeyK' }))).toBe(true);
    expect(isSearchShortcut(key('k'))).toBe(false);
    expect(isSearchShortcut(key('k', { ctrlKey: true, altKey: true }))).toBe(false);
    expect(isSearchShortcut(key('s', { ctrlKey: true, code: 'KeyS' }))).toBe(false);
  });
});
