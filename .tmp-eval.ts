import { launchBrowser } from './tests/browser/support';
const b = await launchBrowser();
const page = await (await b.newContext()).newPage();
await page.goto(process.argv[2]!);
await page.waitForSelector('.sd-question');
console.log(await page.evaluate(() => {
  const root = document.querySelector('.sd-root-modern') as HTMLElement;
  const t = document.querySelector('.sd-question__title') as HTMLElement;
  return { rootStyle: root?.getAttribute('style')?.slice(0, 600), tff: getComputedStyle(t).fontFamily, v: getComputedStyle(t).getPropertyValue('--sjs2-typography-font-family-text'), cls: root?.className };
}));
await b.close();
