/**
 * The coordinator's journey with the keyboard alone: no mouse, no element.click(), no programmatic focus. Tab and
 * Shift+Tab move between controls, arrow keys choose in radio groups and move ranking items, Space and Enter
 * press, typing fills text. Every control reached must show where the focus is (an outline or a box-shadow ring
 * on the control, or on the visible circle next to a visually hidden radio input). The answers are then read back
 * through the API.
 */
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, type BrowserApp, useBrowserApp } from './browser-app';
import { chromiumPath, skipBrowserReason } from './support';
import { openSurvey, question, waitSaved } from './survey-driver';

if (!chromiumPath) console.warn(`browser tests skipped: ${skipBrowserReason}`);

/** What to reach with Tab: a CSS selector the focused element matches, or a button by its text. */
type Target = { selector: string } | { button: string };

interface Focused {
  description: string;
  /** The focus indicator found (outline or box-shadow), or '' when none is visible. */
  indicator: string;
}

/** The focused element and its focus indicator, read in the page. */
function readFocus(page: Page, target: Target): Promise<{ matches: boolean } & Focused> {
  return page.evaluate((t) => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { matches: false, description: 'body', indicator: '' };
    const text = (el instanceof HTMLInputElement && (el.type === 'button' || el.type === 'submit') ? el.value : el.textContent ?? '').trim();
    const isButton = el.tagName === 'BUTTON' || el.getAttribute('role') === 'button' || (el instanceof HTMLInputElement && (el.type === 'button' || el.type === 'submit'));
    const matches = 'selector' in t ? el.matches(t.selector) : isButton && (text === t.button || el.getAttribute('aria-label') === t.button);
    // A visually hidden input (survey-react-ui's radios) shows its focus on the circle or box drawn next to it.
    const box = el.getBoundingClientRect();
    const shown = box.width < 4 || box.height < 4 ? (el.parentElement?.querySelector<HTMLElement>('.sd-item__decorator') ?? el) : el;
    const transparent = (c: string) => /rgba\(.*,\s*0\)$|\/ 0\)$|transparent/.test(c);
    const indicatorOf = (node: HTMLElement): string => {
      const style = getComputedStyle(node);
      if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 && !transparent(style.outlineColor)) {
        return `outline ${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}`;
      }
      if (style.boxShadow === 'none') return '';
      // A ring: a shadow part with a spread of 2 px or more in a visible colour.
      const parts = style.boxShadow.split(/,(?![^(]*\))/).map((p) => p.trim());
      const ring = parts.find((p) => {
        const lengths = [...p.replace(/(rgba?|oklab|oklch|color)\([^)]*\)/g, '').matchAll(/(-?[\d.]+)px/g)].map((m) => Number(m[1]));
        const colour = /(rgba?|oklab|oklch|color)\([^)]*\)/.exec(p)?.[0] ?? '';
        return (lengths[3] ?? 0) >= 2 && !transparent(colour);
      });
      return ring ? `box-shadow ${ring}` : '';
    };
    // The control itself, or the field box drawn around it (survey-core rings its input boxes on focus-within).
    let indicator = indicatorOf(shown);
    for (let node = shown.parentElement, up = 0; !indicator && node && up < 2; node = node.parentElement, up++) {
      const ring = indicatorOf(node);
      if (ring) indicator = `${ring} (on ${node.className || node.tagName})`;
    }
    // Or a part of it (survey-core rings the number of a focused ranking item).
    for (const part of [...el.querySelectorAll<HTMLElement>('*')].slice(0, 30)) {
      if (indicator) break;
      const ring = indicatorOf(part);
      if (ring && part.getBoundingClientRect().width >= 4) indicator = `${ring} (on ${part.className || part.tagName})`;
    }
    const style = getComputedStyle(shown);
    const name = el.getAttribute('aria-label') ?? (el instanceof HTMLInputElement ? `${el.type} ${el.value}` : text.slice(0, 40));
    return { matches, description: `${el.tagName.toLowerCase()} ${name}${indicator ? '' : ` [${el.className}; outline ${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}; box-shadow ${style.boxShadow}]`}`, indicator };
  }, target);
}

/** survey-core animates its focus rings (box-shadow transitions): without one at once, looks again once they ran. */
async function settledFocus(page: Page, target: Target): Promise<{ matches: boolean } & Focused> {
  const f = await readFocus(page, target);
  if (f.indicator || f.description === 'body') return f;
  await page.waitForTimeout(400);
  return readFocus(page, target);
}

/**
 * Presses Tab (or Shift+Tab) until the focus is on `target`; checks that every control passed on the way shows its
 * focus. Returns the target's focus.
 */
async function tabTo(page: Page, target: Target, { backwards = false, max = 60 } = {}): Promise<Focused> {
  const passed: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    const f = await settledFocus(page, target);
    if (f.description !== 'body' && !f.indicator) throw new Error(`focus not visible on ${f.description} (reached with ${backwards ? 'Shift+Tab' : 'Tab'})`);
    if (f.matches) return f;
    passed.push(f.description);
  }
  throw new Error(`${JSON.stringify(target)} not reached with ${max} presses of ${backwards ? 'Shift+Tab' : 'Tab'}; passed: ${passed.join(' | ')}`);
}

/** Presses a key on the focused control and checks that it still shows its focus. */
async function press(page: Page, key: string): Promise<void> {
  await page.keyboard.press(key);
  const f = await settledFocus(page, { selector: '*' });
  if (f.description !== 'body' && !f.indicator) throw new Error(`focus not visible on ${f.description} after ${key}`);
}

/** Tabs to the survey's Next button and presses Enter; waits for the question expected on the next page. */
async function next(page: Page, expected: string): Promise<void> {
  await tabTo(page, { button: 'Next' });
  await press(page, 'Enter');
  await question(page, expected).waitFor();
}

describe.skipIf(!chromiumPath)('keyboard-only coordinator journey', () => {
  let app!: BrowserApp;
  const people = useBrowserApp((a) => {
    app = a;
  });

  test('a coordinator answers, saves and submits with the keyboard alone, seeing the focus on every control', async () => {
    const link = app.linkFor('OSL');
    const { page } = await people.open();
    // Mouse use would be a bug of the test: fail loudly if anything moves or presses it.
    await page.addInitScript(() => {
      for (const type of ['mousedown', 'click']) {
        window.addEventListener(type, (e) => {
          if ((e as MouseEvent).detail > 0) (window as unknown as { mouseUsed: boolean }).mouseUsed = true;
        }, true);
      }
    });
    await openSurvey(page, link);

    // Page 1: the name field, then the role (a radio group: Space picks the first, the arrows move the choice).
    await tabTo(page, { selector: 'input[autocomplete="name"]' });
    await page.keyboard.type('Kari');
    const radio = await tabTo(page, { selector: '[data-name="respondent_role"] input[type="radio"]' });
    expect(radio.indicator).toMatch(/^outline/);
    await press(page, 'Space');
    await press(page, 'ArrowDown');
    await press(page, 'ArrowDown');
    expect(await question(page, 'respondent_role').getByRole('radio', { name: 'Elected official', exact: true }).isChecked()).toBe(true);
    await next(page, 'chg');

    // Page 2: two rows of the matrix (each row a radio group; the first column is Yes, the second No).
    await tabTo(page, { selector: '[data-name="chg"] input[type="radio"]' });
    await press(page, 'ArrowRight');
    await tabTo(page, { selector: '[data-name="chg"] input[type="radio"]' });
    await press(page, 'ArrowRight');
    // Shift+Tab goes back to the first row, on its chosen cell.
    const back = await tabTo(page, { selector: '[data-name="chg"] input[type="radio"]:checked' }, { backwards: true, max: 1 });
    expect(back.description).toBe('input row Commitment, column No');
    // No 'yes': the detail pages are skipped, Next goes to the progress matrix.
    await next(page, 'prog');

    // Progress: first row at 3 – Well advanced (arrows from the first column: 1, 2, 3).
    await tabTo(page, { selector: '[data-name="prog"] input[type="radio"]' });
    for (let i = 0; i < 3; i++) await press(page, 'ArrowRight');
    await next(page, 'mk_strategy');
    await next(page, 'comm_channels');

    // A ranking: an item moved with the arrow keys gives the question its order.
    await tabTo(page, { selector: '[data-name="comm_channels"] [tabindex="0"]' });
    await press(page, 'ArrowDown');
    await next(page, 'strat_status');

    await tabTo(page, { selector: '[data-name="strat_status"] input[type="radio"]' });
    for (let i = 0; i < 3; i++) await press(page, 'ArrowDown');
    await next(page, 'team_size');
    await next(page, 'eng_activities');
    await next(page, 'final_comment');
    await tabTo(page, { selector: '[data-name="final_comment"] textarea' });
    await page.keyboard.type('Sent with the keyboard only.');
    // Leaving the field commits it (survey-react-ui commits text on blur): Tab on to the Complete button.
    await tabTo(page, { button: 'Complete' });
    await waitSaved(page);
    const saved = await app.serverState(link);
    expect(saved.status).toBe('draft');
    expect(saved.data).toMatchObject({ respondent_role: 'elected_official', chg: { commitment: 'no', education: 'no' }, prog: { commitment: 3 } });

    await press(page, 'Enter');
    await page.getByRole('status').filter({ hasText: 'Thank you! Your city’s answers have been submitted.' }).waitFor();
    await screenshot(page, 'keyboard-submitted-en');

    const submitted = await app.serverState(link);
    expect(submitted.status).toBe('submitted');
    expect(submitted.data).toMatchObject({
      respondent_role: 'elected_official',
      chg: { commitment: 'no', education: 'no' },
      prog: { commitment: 3 },
      strat_status: 'implementing',
      final_comment: 'Sent with the keyboard only.',
    });
    expect(submitted.data.comm_channels).toHaveLength(6);
    expect(await page.evaluate(() => (window as unknown as { mouseUsed?: boolean }).mouseUsed ?? false)).toBe(false);
  }, 120_000);
});
