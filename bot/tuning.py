"""Every threshold and weight the matcher's outcome depends on, in one documented block.

Scores run from 0 to 1; the word lists they work with are data admins keep
(`knowledge/kosakata.yaml`). Measure any change with `smartcity-bot eval` on every set.
"""

ANSWER_SCORE = 0.45  # best score needed to answer
ANSWER_MARGIN = 0.06  # ... with at least this lead over the next entry
SUGGEST_SCORE = 0.45  # below this: fallback
SUGGEST_KEEP = 0.75  # suggestions must reach this share of the best score
MAX_SUGGESTIONS = 3
EXAMPLE_WEIGHT = 0.7  # an entry's score: this much the best example's F1 ...
VOCABULARY_WEIGHT = 0.3  # ... plus this much the share of the question its vocabulary explains
UNKNOWN_WEIGHT = 0.7  # share of the top IDF a word the knowledge base never uses weighs
UNSEEN_DOMAIN_IDF = 1.5  # ... but a programme word of kosakata.yaml no example uses, this much
REPAIRED_WEIGHT = 0.85  # a typo-repaired word counts a little less than a correct one
FILLER_WEIGHT = 0.15  # share of its weight a courtesy word or a context sentence keeps
FUNCTION_WEIGHT = 0.15  # share an unknown function word ("tadi", "karena") keeps
FUNCTION_IDF_CAP = 2.0  # a known function word ("kami", "begitu") weighs at most this
ANCHOR_IDF = 1.0  # an entry's anchor: a word at least this specific that is in its title ...
ANCHOR_SHARE = 0.25  # ... or in this share of its examples ("branding", "quick", "privasi")
ANCHOR_BONUS = 0.03
ANCHOR_MAX_SHARED = 2  # an anchor shared by at most this many entries still anchors them
ANCHORS_ALONE = 2  # this many of one entry's anchors anchor it without naming the programme
ANCHORED_UNKNOWN = 0.7  # share of its weight an unknown word keeps next to an entry's anchor
ANCHORED_ANSWER_SCORE = 0.3  # an anchored entry (see bot.scoring) is answered from this score
ANCHORED_ANSWER_MARGIN = 0.1  # ... with this lead: its anchor outweighs the context words
ENTITY_SCORE = 0.95  # the score of an answer found by a place name or cohort year
SINGLE_WORD_IDF = 2.5  # a lone word must be this specific ("bimtek"), not "kota" or "daftar"
NO_DOMAIN_PENALTY = 0.15  # subtracted when no word of the programme's own vocabulary appears
EVERYDAY_PENALTY = 0.3  # ... when an everyday subject ('cuaca') does, without 'smart city'
OTHER_SUBJECT_SHARE = 0.1  # a topic whose examples name the programme this rarely (the bot) ...
OTHER_SUBJECT_PENALTY = 0.2  # ... loses this much for a question naming the programme, not it
SMALLTALK_PRECISION = 0.8  # greetings must be (nearly) the whole message
SMALLTALK_RECALL = 0.5  # ... and most of one greeting example
SMALLTALK_PARTIAL_FACTOR = 0.5  # otherwise a greeting example's F1 counts this much
TOPIC_OVER_PLACE_SCORE = 0.6  # a topic must answer this confidently to beat a named place
HOME_TOPIC_SUGGEST_SCORE = 0.3  # a how-question from the asker's own place offers topics so close
TOPIC_WORD_IDF = 1.5  # words this specific, left after a place name, may point to a topic
KEY_TERM_IDF = 1.5  # a question word this specific that only one close candidate uses ...
KEY_TERM_MIN_SCORE = 0.5  # ... decides between close candidates scoring at least this,
KEY_TERM_RIVAL_SHARE = 0.25  # ... when a rival's own key term weighs at most this share of it
CONFLICT_MARGIN = 0.1  # below this lead, a runner-up owning a key term nearly as strong ...
CONFLICT_RATIO = 0.75  # ... as this share of the best candidate's own makes it a choice
FALLBACK_NEAR_SCORE = 0.3  # an unanswered programme question offers entries scoring this much
FOLLOWUP_MAX_WORDS = 6  # a question this short, without a topic word, may be a follow-up
FOLLOWUP_KEY_WORDS = 2  # key terms of the previous topic added to read a follow-up

