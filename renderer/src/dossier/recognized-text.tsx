// The page's recognized text, line by line; words the engine was unsure of are marked for checking.
import { Fragment, memo, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { PageDetail, PageView } from '../../../main/contract/domain';
import { confidenceClass, formatConfidence, isLowConfidence, LOW_CONFIDENCE } from '../lib/confidence';
import { groupWordsByLine } from '../lib/word-boxes';

export interface RecognizedTextProps {
  page: PageView | null;
  detail: PageDetail | null;
  loading: boolean;
  /** Indexes of the words highlighted on the image: marked in the text too. */
  highlighted: ReadonlySet<number>;
  onHoverWord: (index: number | null) => void;
}

export function RecognizedText({ page, detail, loading, highlighted, onHoverWord }: RecognizedTextProps) {
  const { t } = useTranslation();
  const textRef = useRef<HTMLDivElement>(null);
  const shown = detail && page && detail.id === page.id ? detail : null;
  const confidence = shown?.confidence ?? page?.confidence ?? null;
  const hasLow = shown ? shown.words.some((w) => !w.aside && isLowConfidence(w.confidence)) : false;

  let body;
  if (!page) body = null;
  else if (shown && (shown.words.length > 0 || shown.text.trim() !== '')) {
    body = shown.words.length > 0 ? <WordLines detail={shown} highlighted={highlighted} onHoverWord={onHoverWord} /> : <p className="ocr-plain">{shown.text}</p>;
  } else if (page.state === 'recognizing') body = <p className="muted">{t('text.recognizing')}</p>;
  else if (page.state === 'failed') body = <p className="form-error">{t('text.failed')}</p>;
  else if (page.state === 'imported') body = <p className="muted">{t('text.notYet')}</p>;
  else if (loading) body = <p className="muted">{t('text.loading')}</p>;
  else body = <p className="muted">{t('text.empty')}</p>;

  // Bring the first highlighted word into view once the text is there.
  const showing = shown !== null;
  useEffect(() => {
    if (showing && highlighted.size > 0) textRef.current?.querySelector('.word-match')?.scrollIntoView({ block: 'nearest' });
  }, [highlighted, showing]);

  return (
    <section className="recognized" aria-labelledby="recognized-heading" data-testid="recognized-text">
      <div className="panel-head">
        <h2 id="recognized-heading">{t('text.heading')}</h2>
        {page ? (
          <span className={`badge ${confidenceClass(confidence)}`} data-testid="page-confidence" data-value={confidence === null ? '' : Math.round(confidence)}>
            {t('text.confidence', { value: formatConfidence(confidence) })}
          </span>
        ) : null}
      </div>
      <div ref={textRef} className="ocr-text" lang="vi" onMouseLeave={() => onHoverWord(null)}>
        {body}
      </div>
      {hasLow ? <p className="small-text muted legend">{t('text.legend', { threshold: LOW_CONFIDENCE })}</p> : null}
    </section>
  );
}

const WordLines = memo(function WordLines({
  detail,
  highlighted,
  onHoverWord,
}: {
  detail: PageDetail;
  highlighted: ReadonlySet<number>;
  onHoverWord: (index: number | null) => void;
}) {
  const { t } = useTranslation();
  const lines = useMemo(() => groupWordsByLine(detail.words), [detail.words]);
  return (
    <>
      {lines.map((line, i) => {
        // Lines set aside from the page's text (a stamp, specks): shown muted and labelled, not for checking.
        const aside = line[0]?.word.aside;
        return (
          <p key={i} className={aside ? 'ocr-line ocr-aside' : 'ocr-line'} data-aside={aside}>
            {aside ? <span className="aside-tag">{t(`text.aside.${aside}`)}</span> : null}
            {line.map(({ word, index }, j) => {
              const title = t('text.word', { value: formatConfidence(word.confidence) });
              const match = highlighted.has(index) ? ' word-match' : '';
              return (
                <Fragment key={index}>
                  {!aside && isLowConfidence(word.confidence) ? (
                    <mark className={`word word-low${match}`} title={title} onMouseEnter={() => onHoverWord(index)} data-word-index={index}>
                      {word.text}
                    </mark>
                  ) : (
                    <span className={`word${match}`} title={title} onMouseEnter={() => onHoverWord(index)} data-word-index={index}>
                      {word.text}
                    </span>
                  )}
                  {j < line.length - 1 ? ' ' : null}
                </Fragment>
              );
            })}
          </p>
        );
      })}
    </>
  );
});
