-- Verdicts now give their reasons in plain words ("an insult aimed at someone") that members may
-- read, and keep what was found, for moderators, as "evidence". Verdicts stored before carry the
-- rules' internal wording ("insult \"idiot\" (mild) matched ..., sentiment comparative ...") in
-- "reasons"; they are reworded here from the terms they counted, so every verdict reads one way,
-- and so are the automatic moderator's audit rows.

-- The plain reasons and the evidence of a verdict stored before, as the worker words them now
-- (worker/src/moderation/decide.ts). PL/pgSQL, so that the planner does not inline its aggregates.
CREATE FUNCTION pg_temp.reworded_verdict(status text, verdict jsonb) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN (SELECT jsonb_build_object(
    'reasons',
    CASE WHEN status NOT IN ('FLAGGED', 'REJECTED') THEN '[]'::jsonb
         ELSE COALESCE(
           -- Toxicity (profanity) only when nothing more precise counted, as decide.ts's reasonsFor.
           jsonb_agg(DISTINCT words.description)
             FILTER (WHERE term.counted AND words.description IS NOT NULL AND words.category <> 'profanity'),
           jsonb_agg(DISTINCT words.description) FILTER (WHERE term.counted AND words.description IS NOT NULL),
           -- No term counted: the rules flagged hostile words at the person addressed, or at nobody.
           CASE WHEN verdict->>'reasons' LIKE '%said of the person addressed%' THEN '["an insult aimed at someone"]'::jsonb
                ELSE '["hostile or abusive language"]'::jsonb END)
    END,
    'evidence',
    COALESCE(
      jsonb_agg(format('"%s": %s, %s%s', term.value->>'term', term.value->>'category', term.value->>'severity',
                       CASE WHEN term.counted THEN '' ELSE ', not counted (not hostile)' END)),
      '[]'::jsonb)
  )
  FROM (
    SELECT found.value,
           NOT EXISTS (
             SELECT 1 FROM jsonb_array_elements_text(
               CASE WHEN jsonb_typeof(verdict->'reasons') = 'array' THEN verdict->'reasons' ELSE '[]'::jsonb END) AS said
             WHERE said LIKE (found.value->>'category') || ' "' || (found.value->>'term') || '"%'
               AND said LIKE '%, not counted:%'
           ) AS counted
    FROM jsonb_array_elements(
      CASE WHEN jsonb_typeof(verdict->'matchedTerms') = 'array' THEN verdict->'matchedTerms' ELSE '[]'::jsonb END) AS found
  ) AS term
  LEFT JOIN (VALUES
    ('slur', 'an attack on people for who they are'),
    ('insult', 'an insult aimed at someone'),
    ('profanity', 'hostile or abusive language'),
    ('sexual', 'sexual or obscene content'),
    ('threat', 'a threat of violence'),
    ('self_harm', 'encouraging someone to harm themselves'),
    ('blocked', 'a word this room does not allow')
  ) AS words(category, description)
    ON words.category = CASE WHEN term.value->>'term' = 'kill yourself' THEN 'self_harm' ELSE term.value->>'category' END);
END
$$;

UPDATE "Message"
SET moderation = moderation || pg_temp.reworded_verdict("moderationStatus"::text, moderation)
WHERE jsonb_typeof(moderation) = 'object' AND NOT moderation ? 'evidence';

UPDATE "ModerationDecision"
SET reason = left(
  'Automatic moderator '
    || CASE "toStatus" WHEN 'APPROVED' THEN 'approved' WHEN 'FLAGGED' THEN 'flagged for review'
                       WHEN 'REJECTED' THEN 'rejected'
                       -- Held in pre-moderation: the verdict approved it (verdicts.ts), and the worker says so.
                       WHEN 'PENDING' THEN 'approved' ELSE 'held' END
    || COALESCE(': ' || (SELECT string_agg(said.phrase, '; ') FROM jsonb_array_elements_text(
         pg_temp.reworded_verdict("toStatus"::text, details)->'reasons') AS said(phrase)), '')
    || '.'
    || CASE WHEN "toStatus" = 'PENDING' THEN ' Held for a moderator (pre-moderation).' ELSE '' END,
  500)
WHERE "moderatorId" IS NULL AND reason LIKE 'automatic %' AND jsonb_typeof(details) = 'object';
