package dev.mlxgguf.testkit;

/**
 * The fixed text that {@link ByteLevelBpe#standard()} is trained on: a few KB of plain English prose
 * about everyday things, with some numbers, punctuation, contractions, accented words, a few CJK
 * characters and an emoji, so that the merges cover ASCII words and the byte-level tokens cover
 * multi-byte UTF-8. Changing this text changes every tiny model's vocabulary: do not edit it
 * casually, fixtures written by different engines must agree.
 */
public final class TrainingCorpus {

    /** The corpus. Lines are separated by {@code \n}. */
    public static final String TEXT = """
            The morning was quiet in the small town by the river. The baker opened his shop at six, \
            and the smell of fresh bread moved along the street like a slow, warm wind. Children walked \
            to school with their bags on their backs, talking about the weekend and the games they \
            would play. An old man sat on the bench near the bridge and read the newspaper, as he did \
            every day, while his dog watched the ducks on the water.
            At the station, the first train of the day arrived at 7:15. People stepped out with coffee \
            in their hands and phones at their ears. Some of them were late; most of them were not. \
            The clock above the platform had stopped years ago, but nobody seemed to mind. "It's right \
            twice a day," the station master liked to say, and he'd laugh every time he said it.
            In the library, the shelves were full of books about history, science, music and travel. \
            A student was reading about the stars and the planets, and another was writing notes about \
            the rivers of the world. The librarian kept the room quiet, but she was always happy to \
            help someone find the right book. "We don't have that one," she said, "but I'll order it \
            for you. It should be here in 3 or 4 days."
            The market opened at nine. There were apples, pears, oranges and grapes; there were \
            tomatoes, onions, carrots and potatoes. A farmer sold honey in small glass jars for 5 euros \
            each, and a woman sold flowers in every color you could think of: red, yellow, blue, white \
            and purple. The prices were written on little boards with white chalk, and they changed \
            when the sun went down.
            In the afternoon, the weather changed. Dark clouds came from the west, and the wind grew \
            stronger. People opened their umbrellas and walked faster. The rain fell on the roofs and \
            the streets, and the river rose a little. In the cafe, friends sat by the window and \
            talked about their work, their families and their plans for the summer. They'll travel to \
            the sea, they said, or maybe to the mountains, if the weather is good.
            The teacher asked the class a simple question: what makes a good story? One child said a \
            good story needs a hero. Another said it needs a problem, and a third said it needs an \
            ending that makes you think. The teacher smiled and wrote the answers on the board. "You \
            are all right," she said. "A good story has a person, a problem and a change."
            Computers read text as numbers. A tokenizer splits the text into small pieces, and each \
            piece gets a number from a list called the vocabulary. Common words become single pieces, \
            while rare words are split into smaller parts. The model then learns which piece is likely \
            to come next. It is a simple idea, but with enough data it works surprisingly well.
            Numbers appear everywhere: 1, 2, 3, 10, 42, 100, 256, 1024, 2048 and 65536. The year has \
            365 days, the day has 24 hours, and the hour has 60 minutes. A recipe might ask for 250 \
            grams of flour, 2 eggs, 100 ml of milk and a pinch of salt. Mix it all, wait 30 minutes, \
            then bake it for 20 minutes at 180 degrees.
            Some words come from other languages. We drink coffee at a café, we read a résumé, we eat \
            a crème brûlée, and we say naïve or façade. In Germany people say Grüße and schön; in \
            Spain they say mañana and niño; in France they say garçon and à bientôt. In Japan and China \
            people write 日本 and 中国, and a friendly greeting might be 你好 or こんにちは. A smile in a \
            message often looks like this: 😀.
            Evening came slowly. The lights in the windows turned on one by one, and the streets became \
            quiet again. The baker cleaned his shop, the librarian locked the door, and the old man \
            walked home with his dog. Somewhere a radio played a soft song about the sea. The town went \
            to sleep, and the river kept moving in the dark, the way it always had, and the way it \
            always would.
            """;

    private TrainingCorpus() {
    }
}
