// The story after the header: chapters of paragraphs and scene breaks, the end mark, and
// the author's notes that close the text.
import type { Diagnostic } from '../diagnostics.js';
import { warning } from '../diagnostics.js';
import type { Layout, SourceLine, Unit } from './layout.js';
import { isAuthorNoteLabel, isEndMark, matchNoteLabel, type ChapterHeading } from './patterns.js';

export type StoryBlock =
  | { kind: 'paragraph'; lines: SourceLine[] }
  | { kind: 'sceneBreak'; line: number };

export interface StoryChapter {
  /** The heading as written ("Chapter 1: The Radio"); undefined for an untitled chapter. */
  heading?: string;
  headingLine?: number;
  parsed?: ChapterHeading;
  blocks: StoryBlock[];
}

export interface Story {
  chapters: StoryChapter[];
  /** The end mark paragraph, kept as the last paragraph of the last chapter. */
  endMark?: SourceLine[];
  /** Paragraphs of the author's note after the story (label removed). */
  notesAfter: string[];
  /** Scene breaks dropped because they stood next to a chapter heading or at an edge. */
  droppedBreaks: number;
}

/** How many trailing paragraphs an author's note before the end mark may span. */
const MAX_CLOSING_NOTE_PARAGRAPHS = 6;

function isChapterName(line: SourceLine): boolean {
  const s = line.text;
  return s.split(/\s+/).length <= 10 && s.length <= 80 && !/[.!?,;"”…]$/u.test(s) && !/^["“'‘]/u.test(s);
}

export function parseStory(units: readonly Unit[], layout: Layout, file: string, diagnostics: Diagnostic[]): Story {
  const chapters: StoryChapter[] = [];
  let current: StoryChapter = { blocks: [] };
  chapters.push(current);

  const pushBreak = (line: number) => current.blocks.push({ kind: 'sceneBreak', line });

  for (let i = 0; i < units.length; i++) {
    const unit = units[i];
    switch (unit.kind) {
      case 'heading': {
        current = { heading: unit.heading.text, headingLine: unit.line.no, parsed: unit.heading, blocks: [] };
        chapters.push(current);
        // "Chapter One" directly over a short line: that line is the chapter's name.
        const next = units[i + 1];
        if (!unit.heading.name && next?.kind === 'text' && next.lines[0].no === unit.line.no + 1 && next.lines.length === 1 && isChapterName(next.lines[0])) {
          current.heading = `${unit.heading.text}${/[:.\-–—]$/.test(unit.heading.text) ? '' : ':'} ${next.lines[0].text}`;
          i++;
        }
        break;
      }
      case 'divider':
        pushBreak(unit.line.no);
        break;
      case 'gap': {
        if (unit.size >= layout.breakGap) pushBreak(unit.no);
        break;
      }
      case 'text':
        current.blocks.push({ kind: 'paragraph', lines: unit.lines });
        break;
    }
  }

  // A chapter before the first heading that holds nothing is not a chapter.
  let dropped = 0;
  const kept = chapters.filter((c, index) => {
    if (index === 0 && c.heading === undefined && !c.blocks.some((b) => b.kind === 'paragraph')) {
      dropped += c.blocks.length;
      return false;
    }
    return true;
  });
  for (const chapter of kept) dropped += tidyBreaks(chapter);

  const story: Story = { chapters: kept, notesAfter: [], droppedBreaks: dropped };
  if (kept.length === 0) return story;
  takeClosing(story, file, diagnostics);
  return story;
}

/** Scene breaks at a chapter's edges or doubled mean nothing in an ebook; removes them. */
function tidyBreaks(chapter: StoryChapter): number {
  const before = chapter.blocks.length;
  const out: StoryBlock[] = [];
  for (const block of chapter.blocks) {
    if (block.kind === 'sceneBreak' && (out.length === 0 || out[out.length - 1].kind === 'sceneBreak')) continue;
    out.push(block);
  }
  while (out.length > 0 && out[out.length - 1].kind === 'sceneBreak') out.pop();
  chapter.blocks = out;
  return before - out.length;
}

function paragraphText(block: StoryBlock): string {
  return block.kind === 'paragraph' ? block.lines.map((l) => l.text).join(' ') : '';
}

/** Finds the end mark and the closing author's note in the last chapter. */
function takeClosing(story: Story, file: string, diagnostics: Diagnostic[]): void {
  const last = story.chapters[story.chapters.length - 1];
  const blocks = last.blocks;
  let end = blocks.length;
  // The last end mark; what follows it is the author talking after the story.
  for (let k = blocks.length - 1; k >= 0; k--) {
    const b = blocks[k];
    if (b.kind === 'paragraph' && b.lines.length === 1 && isEndMark(b.lines[0].text)) {
      story.endMark = b.lines;
      const after = blocks.slice(k + 1).filter((x) => x.kind === 'paragraph').map(paragraphText);
      if (after.length > 0) {
        const label = matchNoteLabel(after[0]);
        if (label) after[0] = label.rest;
        story.notesAfter.push(...after.filter((p) => p.trim() !== ''));
      }
      end = k;
      break;
    }
    // Only look at the closing stretch of the text.
    if (blocks.length - k > MAX_CLOSING_NOTE_PARAGRAPHS + 1) break;
  }
  // An author's note just before the end mark (or the end): the labelled paragraph and any after it.
  let noteStart: number | undefined;
  for (let k = end - 1; k >= 0 && end - k <= MAX_CLOSING_NOTE_PARAGRAPHS; k--) {
    const b = blocks[k];
    if (b.kind === 'sceneBreak') break;
    const text = paragraphText(b);
    // "Note:" could open a note in the story ("Note: gone to the lake"); only the last paragraph may be that.
    if (matchNoteLabel(text) && (isAuthorNoteLabel(text) || k === end - 1)) {
      noteStart = k;
      break;
    }
  }
  if (noteStart !== undefined && noteStart > 0) {
    const note = blocks.slice(noteStart, end).filter((x) => x.kind === 'paragraph').map(paragraphText);
    note[0] = matchNoteLabel(note[0])?.rest ?? note[0];
    story.notesAfter.unshift(...note.filter((p) => p.trim() !== ''));
    end = noteStart;
  }
  last.blocks = blocks.slice(0, end);
  while (last.blocks.length > 0 && last.blocks[last.blocks.length - 1].kind === 'sceneBreak') last.blocks.pop();
  if (story.endMark) last.blocks.push({ kind: 'paragraph', lines: story.endMark });

  // Author's notes left inside the story stay as text: say where, so the author can move them.
  for (const chapter of story.chapters) {
    for (const b of chapter.blocks) {
      if (b.kind === 'paragraph' && matchNoteLabel(paragraphText(b))) {
        diagnostics.push(warning(file, 'author\'s note inside the story kept as story text', {
          line: b.lines[0].no,
          hint: 'move it to `notes:` in book.yaml if it is not part of the story',
        }));
      }
    }
  }
}
