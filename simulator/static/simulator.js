// Simulator page: a Telegram-like chat against the local Bot API server's /sim API.
//
// Bot HTML is never assigned with innerHTML. It is parsed into an inert document with
// DOMParser and rebuilt node by node, keeping only the tags Telegram allows; links keep only
// http:, https: and tg: addresses. Everything else becomes plain text.
"use strict";

(() => {
  const POLL_WAIT_SECONDS = 25;
  const RETRY_DELAY_MS = 1500;
  const TOAST_MS = 3000;
  const TYPING_MS = 5000;
  const PRESS_TIMEOUT_MS = 15000;
  const SAFE_SCHEMES = ["http:", "https:", "tg:"];
  // Telegram HTML tag -> element we create for it (tg-spoiler is handled separately).
  const SAFE_TAGS = {
    b: "b", strong: "b", i: "i", em: "i", u: "u", ins: "u", s: "s", strike: "s", del: "s",
    code: "code", pre: "pre", blockquote: "blockquote",
  };
  const MEDIA_LABELS = {
    sticker: (m) => `Stiker ${m.sticker.emoji || ""}`.trim(),
    photo: () => "Foto",
    voice: () => "Pesan suara",
    location: () => "Lokasi",
    document: (m) => `Dokumen: ${m.document.file_name || "berkas"}`,
  };

  const config = {
    botUsername: "smartcity_sim_bot",
    chats: {
      private: { id: 1001, type: "private", title: "Smart City Bot", status: "bot", hint: "" },
      group: {
        id: -100200, type: "supergroup", title: "Grup RT 05",
        status: "grup · Anda dan Smart City Bot", hint: "",
      },
    },
  };

  const $ = (id) => document.getElementById(id);
  const els = {
    messages: $("messages"), input: $("input"), send: $("send"), sticker: $("send-sticker"),
    tabPrivate: $("chat-private"), tabGroup: $("chat-group"), title: $("chat-title"),
    status: $("chat-status"), hint: $("hint"), toast: $("toast"), replyBar: $("reply-bar"),
    replyText: $("reply-text"), replyCancel: $("reply-cancel"),
  };

  let current = "private";
  let after = 0;
  let generation = 0;
  let controller = null;
  let replyTo = null;
  let toastTimer = null;
  let typingTimer = null;
  const bubbles = new Map();       // message_id -> bubble element
  const pressed = new Map();       // callback_query_id -> button element
  const answered = new Set();      // callback answers that arrived before the press returned

  // ---------------------------------------------------------------- helpers
  async function simApi(path, body) {
    const response = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const data = await response.json();
    if (!data.ok) throw new Error(data.description || "permintaan gagal");
    return data.result;
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  function safeHref(href) {
    if (typeof href !== "string" || !href) return null;
    try {
      const url = new URL(href, window.location.href);
      return SAFE_SCHEMES.includes(url.protocol) ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function chat() {
    return config.chats[current];
  }

  // ---------------------------------------------------------------- safe HTML rendering
  function appendSafe(source, target) {
    for (const node of source.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        target.appendChild(document.createTextNode(node.textContent));
        continue;
      }
      if (node.nodeType !== Node.ELEMENT_NODE) continue;
      const tag = node.tagName.toLowerCase();
      let element = null;
      if (tag === "tg-spoiler" || (tag === "span" && node.getAttribute("class") === "tg-spoiler")) {
        element = document.createElement("span");
        element.className = "spoiler";
        element.title = "Klik untuk membuka";
        element.addEventListener("click", () => element.classList.toggle("revealed"));
      } else if (tag === "a") {
        const href = safeHref(node.getAttribute("href"));
        if (href) {
          element = document.createElement("a");
          element.href = href;
          element.target = "_blank";
          element.rel = "noopener noreferrer";
        }
      } else if (Object.hasOwn(SAFE_TAGS, tag)) {
        element = document.createElement(SAFE_TAGS[tag]);
      }
      if (element) {
        appendSafe(node, element);
        target.appendChild(element);
      } else {
        appendSafe(node, target);  // not allowed: keep only its text
      }
    }
  }

  function renderBotHtml(html) {
    const fragment = document.createDocumentFragment();
    const parsed = new DOMParser().parseFromString(html, "text/html");
    appendSafe(parsed.body, fragment);
    return fragment;
  }

  // ---------------------------------------------------------------- bubbles
  function keyboard(message) {
    const rows = (message.reply_markup && message.reply_markup.inline_keyboard) || [];
    if (!rows.length) return null;
    const box = document.createElement("div");
    box.className = "kb";
    for (const row of rows) {
      const line = document.createElement("div");
      line.className = "kb-row";
      for (const spec of row) line.appendChild(keyboardButton(message, spec));
      box.appendChild(line);
    }
    return box;
  }

  function keyboardButton(message, spec) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = spec.text;
    if (typeof spec.callback_data === "string") {
      button.dataset.callback = spec.callback_data;
      button.addEventListener("click", () => press(message, spec.callback_data, button));
    } else if (typeof spec.url === "string") {
      const href = safeHref(spec.url);
      button.title = href || "Tautan tidak aman";
      button.disabled = !href;
      button.addEventListener("click", () => window.open(href, "_blank", "noopener,noreferrer"));
    } else if ("switch_inline_query" in spec || "switch_inline_query_current_chat" in spec) {
      const query = spec.switch_inline_query ?? spec.switch_inline_query_current_chat ?? "";
      button.addEventListener("click", () => {
        els.input.value = `@${config.botUsername} ${query}`;
        els.input.focus();
      });
    } else if (spec.copy_text && typeof spec.copy_text.text === "string") {
      button.addEventListener("click", async () => {
        try {
          await navigator.clipboard.writeText(spec.copy_text.text);
          showToast("Teks disalin.");
        } catch (error) {
          showToast("Teks tidak dapat disalin.");
        }
      });
    } else {
      button.disabled = true;
      button.title = "Jenis tombol ini tidak didukung di simulator";
    }
    return button;
  }

  function bubbleBody(message) {
    const body = document.createElement("div");
    body.className = "text";
    if (message.sender === "bot" && typeof message.html === "string") {
      body.appendChild(renderBotHtml(message.html));
    } else if (message.media) {
      const label = document.createElement("span");
      label.className = "media";
      label.textContent = `[${MEDIA_LABELS[message.media](message.message)}]`;
      body.appendChild(label);
      if (message.text) body.appendChild(document.createTextNode(` ${message.text}`));
    } else {
      body.textContent = message.text;
    }
    return body;
  }

  function renderMessage(message) {
    let bubble = bubbles.get(message.message_id);
    if (message.deleted) {
      if (bubble) bubble.remove();
      bubbles.delete(message.message_id);
      return;
    }
    const fresh = !bubble;
    if (fresh) bubble = document.createElement("div");
    bubble.className = `msg ${message.sender === "bot" ? "bot" : "user"}`;
    bubble.dataset.messageId = String(message.message_id);
    bubble.replaceChildren();

    if (message.sender === "bot" && chat().type !== "private") {
      const sender = document.createElement("div");
      sender.className = "sender";
      sender.textContent = "Smart City Bot";
      bubble.appendChild(sender);
    }
    if (message.reply_to_text !== null && message.reply_to_text !== undefined) {
      const quote = document.createElement("div");
      quote.className = "quote";
      quote.textContent = message.reply_to_text || "…";
      bubble.appendChild(quote);
    }
    bubble.appendChild(bubbleBody(message));
    const kb = keyboard(message);
    if (kb) bubble.appendChild(kb);
    if (message.sender !== "bot" && !message.delivered) {
      const note = document.createElement("div");
      note.className = "undelivered";
      note.textContent = "Tidak diteruskan ke bot (mode privasi grup): sebut "
        + `@${config.botUsername}, gunakan perintah seperti /tanya, atau balas pesan bot.`;
      bubble.appendChild(note);
    }
    bubble.appendChild(meta(message));

    if (fresh) {
      bubbles.set(message.message_id, bubble);
      const later = [...bubbles.entries()]
        .filter(([id]) => id > message.message_id)
        .sort(([a], [b]) => a - b)[0];
      els.messages.insertBefore(bubble, later ? later[1] : null);
    }
  }

  function meta(message) {
    const line = document.createElement("div");
    line.className = "meta";
    if (message.sender === "bot") {
      const reply = document.createElement("button");
      reply.type = "button";
      reply.className = "reply";
      reply.textContent = "Balas";
      reply.addEventListener("click", () => startReply(message));
      line.appendChild(reply);
    }
    if (message.edited) {
      const edited = document.createElement("span");
      edited.textContent = "diedit";
      line.appendChild(edited);
    }
    const time = document.createElement("span");
    const date = new Date((message.date || 0) * 1000);
    time.textContent = date.toLocaleTimeString("id-ID", { hour: "2-digit", minute: "2-digit" });
    line.appendChild(time);
    return line;
  }

  function scrollToEnd() {
    els.messages.scrollTop = els.messages.scrollHeight;
  }

  // ---------------------------------------------------------------- toasts and status
  function showToast(text, alert = false) {
    clearTimeout(toastTimer);
    els.toast.replaceChildren(document.createTextNode(text));
    els.toast.className = alert ? "alert" : "";
    els.toast.hidden = false;
    if (alert) {
      const close = document.createElement("button");
      close.type = "button";
      close.textContent = "OK";
      close.addEventListener("click", () => { els.toast.hidden = true; });
      els.toast.appendChild(close);
      close.focus();
    } else {
      toastTimer = setTimeout(() => { els.toast.hidden = true; }, TOAST_MS);
    }
  }

  function setStatus(text) {
    els.status.textContent = text;
  }

  function showTyping() {
    clearTimeout(typingTimer);
    setStatus("mengetik…");
    typingTimer = setTimeout(() => setStatus(chat().status), TYPING_MS);
  }

  // ---------------------------------------------------------------- citizen actions
  async function press(message, data, button) {
    button.classList.add("loading");
    try {
      const result = await simApi("/sim/press", {
        chat_id: chat().id, message_id: message.message_id, data,
      });
      if (answered.delete(result.callback_query_id)) {
        button.classList.remove("loading");
        return;
      }
      pressed.set(result.callback_query_id, button);
      setTimeout(() => button.classList.remove("loading"), PRESS_TIMEOUT_MS);
    } catch (error) {
      button.classList.remove("loading");
      showToast(`Tombol gagal: ${error.message}`);
    }
  }

  function startReply(message) {
    replyTo = message.message_id;
    els.replyText.textContent = `Membalas: ${message.text.slice(0, 80)}`;
    els.replyBar.hidden = false;
    els.input.focus();
  }

  function cancelReply() {
    replyTo = null;
    els.replyBar.hidden = true;
  }

  function target() {
    const body = { chat_id: chat().id, chat_type: chat().type };
    if (chat().type !== "private") body.chat_title = chat().title;
    return body;
  }

  async function sendText() {
    const text = els.input.value;
    if (!text.trim()) return;
    const body = { ...target(), text };
    if (replyTo !== null) body.reply_to_message_id = replyTo;
    els.input.value = "";
    cancelReply();
    try {
      await simApi("/sim/send", body);
    } catch (error) {
      els.input.value = text;
      showToast(`Pesan gagal dikirim: ${error.message}`);
    }
  }

  async function sendSticker() {
    try {
      await simApi("/sim/send_media", { ...target(), kind: "sticker" });
    } catch (error) {
      showToast(`Stiker gagal dikirim: ${error.message}`);
    }
  }

  // ---------------------------------------------------------------- change feed
  function applyChanges(result, initial) {
    let botSpoke = false;
    for (const message of result.messages) {
      renderMessage(message);
      if (message.sender === "bot") botSpoke = true;
    }
    for (const toast of result.toasts) {
      const button = pressed.get(toast.callback_query_id);
      if (button) button.classList.remove("loading");
      else if (!initial) answered.add(toast.callback_query_id);
      pressed.delete(toast.callback_query_id);
      if (!initial && toast.text) showToast(toast.text, toast.show_alert);
    }
    if (botSpoke) {
      clearTimeout(typingTimer);
      setStatus(chat().status);
    } else if (result.action && !initial) {
      showTyping();
    }
    if (result.messages.length) scrollToEnd();
  }

  async function pollLoop(myGeneration, signal) {
    let initial = true;
    while (myGeneration === generation) {
      try {
        const url = `/sim/chats/${chat().id}/messages?after=${after}&wait=${initial ? 0 : POLL_WAIT_SECONDS}`;
        const response = await fetch(url, { signal });
        const data = await response.json();
        if (myGeneration !== generation) return;
        if (!data.ok) throw new Error(data.description);
        if (data.result.reset) {
          resetChat();
          continue;
        }
        applyChanges(data.result, initial);
        after = data.result.seq;
        if (initial) setStatus(chat().status);
        initial = false;
      } catch (error) {
        if (signal.aborted || myGeneration !== generation) return;
        setStatus("server simulator tidak dapat dihubungi, mencoba lagi…");
        await sleep(RETRY_DELAY_MS);
      }
    }
  }

  function resetChat() {
    after = 0;
    bubbles.clear();
    pressed.clear();
    answered.clear();
    els.messages.replaceChildren();
  }

  function switchChat(name) {
    if (controller && name === current) return;
    current = name;
    generation += 1;
    if (controller) controller.abort();
    controller = new AbortController();
    resetChat();
    cancelReply();
    els.tabPrivate.setAttribute("aria-selected", String(name === "private"));
    els.tabGroup.setAttribute("aria-selected", String(name === "group"));
    els.title.textContent = chat().title;
    setStatus(chat().status);
    els.hint.textContent = chat().hint;
    els.input.placeholder = name === "group"
      ? `Tulis pesan… (sebut @${config.botUsername} atau /tanya)`
      : "Tulis pesan…";
    pollLoop(generation, controller.signal);
  }

  async function loadInfo() {
    try {
      const response = await fetch("/sim/info");
      const data = await response.json();
      if (!data.ok) return;
      const info = data.result;
      config.botUsername = info.bot_username;
      config.chats.private.id = info.private_chat_id;
      config.chats.group.id = info.group.id;
      config.chats.group.title = info.group.title;
      config.chats.group.type = info.group.type;
    } catch (error) {
      // Keep the defaults; the change feed reports the connection problem.
    }
    config.chats.group.hint = "Di grup, bot hanya menerima perintah (mis. /tanya …), pesan "
      + `yang menyebut @${config.botUsername}, dan balasan ke pesan bot.`;
  }

  // ---------------------------------------------------------------- wiring
  els.send.addEventListener("click", sendText);
  els.sticker.addEventListener("click", sendSticker);
  els.replyCancel.addEventListener("click", cancelReply);
  els.tabPrivate.addEventListener("click", () => switchChat("private"));
  els.tabGroup.addEventListener("click", () => switchChat("group"));
  els.input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      sendText();
    }
  });

  loadInfo().then(() => switchChat("private"));
})();
