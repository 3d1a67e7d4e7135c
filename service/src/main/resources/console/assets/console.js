// A console error answers 4xx or 5xx with a fragment that says what went wrong: show it where the answer goes.
htmx.config.responseHandling = [
    {code: '204', swap: false},
    {code: '[23]..', swap: true},
    {code: '[45]..', swap: true, error: true},
    {code: '...', swap: false}
];

// Sends the CSRF token with every htmx request, as forms send it in a hidden field.
document.addEventListener('htmx:configRequest', function (event) {
    var header = document.querySelector('meta[name="csrf-header"]');
    var token = document.querySelector('meta[name="csrf-token"]');
    if (header && token) {
        event.detail.headers[header.content] = token.content;
    }
});

// The upload's own progress, before the server-side progress of the import takes over.
document.addEventListener('htmx:xhr:progress', function (event) {
    var bar = document.getElementById('upload-progress');
    if (bar && event.detail.lengthComputable) {
        bar.value = Math.round(100 * event.detail.loaded / event.detail.total);
        bar.setAttribute('value', bar.value);
    }
});

// A live feed keeps its newest 50 entries.
document.addEventListener('htmx:sseMessage', function (event) {
    var feed = event.target;
    while (feed.children && feed.children.length > 50) {
        feed.removeChild(feed.lastElementChild);
    }
});

// Whether the live feed is connected: the service ends a stream it may no longer serve (signed out, deactivated).
document.addEventListener('htmx:sseOpen', function () {
    var status = document.getElementById('live-status');
    if (status) {
        status.textContent = 'connected';
    }
});
document.addEventListener('htmx:sseError', function () {
    var status = document.getElementById('live-status');
    if (status) {
        status.textContent = 'reconnecting';
    }
});
