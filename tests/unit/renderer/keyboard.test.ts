import { describe, expect, it } from 'vitest';
import { isTypingTarget, zoomCommandFor } from '../../../renderer/src/lib/keyboard';

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
